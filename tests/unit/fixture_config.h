/*
 * A yk_config built in memory for unit tests (no config.c needed): the
 * form of letter 118 (3 sections, 2 options), one campaign, four agencies.
 * Everything is static: nothing to free.
 */
#ifndef YK_FIXTURE_CONFIG_H
#define YK_FIXTURE_CONFIG_H

#include "config.h"

#define FX_UNUSED __attribute__((unused))

static FX_UNUSED struct yk_option fx_options[] = {
	{ .id = "continue_contest", .text = "Đề nghị tiếp tục tổ chức Hội thi" },
	{ .id = "other_form", .text = "Đề nghị hình thức tuyên truyền khác" },
};
static FX_UNUSED struct yk_section fx_sections[] = {
	{ .id = "comments", .heading = "Nhận xét về tính thiết thực và hiệu quả của Hội thi" },
	{ .id = "proposal",
	  .heading = "Đề nghị tiếp tục tổ chức Hội thi hoặc hình thức tuyên truyền khác",
	  .options = fx_options, .n_options = 2 },
	{ .id = "other_opinions", .heading = "Ý kiến khác, đề xuất" },
};
static FX_UNUSED struct yk_form fx_form = { "hoi-thi", fx_sections, 3 };

static FX_UNUSED char *fx_em_lao[] = { "lao.dong@so.tinh.example" };
static FX_UNUSED char *fx_em_vh[] = { "vanhoa@so.tinh.example" };
static FX_UNUSED char *fx_em_huyen[] = { "@huyena.tinh.example" };
static FX_UNUSED char *fx_em_tp[] = { "stp@so.tinh.example", "so.tuphap@so.tinh.example" };
static FX_UNUSED char *fx_al_huyen[] = { "Ủy ban nhân dân huyện An Lạc" };
static FX_UNUSED char *fx_em_thue[] = { "vanthu@cucx.example" };
static FX_UNUSED char *fx_em_hk[] = { "ubnd.hoakhanh@tinh.example" };
static FX_UNUSED char *fx_al_hk[] = { "Ủy ban nhân dân thị xã Hòa Khánh" };

static FX_UNUSED struct yk_agency fx_agencies[] = {
	{ "SLD", "Sở Lao động", NULL, fx_em_lao, 1, NULL, 0, NULL, NULL },
	{ "SVH", "Sở Văn hóa", NULL, fx_em_vh, 1, NULL, 0, NULL, NULL },
	{ "HA", "UBND huyện An Lạc", NULL, fx_em_huyen, 1, fx_al_huyen, 1, NULL, NULL },
	{ "STP", "Sở Tư pháp", NULL, fx_em_tp, 2, NULL, 0, NULL, NULL },
	{ "CX", "Cục X", NULL, fx_em_thue, 1, NULL, 0, NULL, NULL },
	{ "TXHK", "UBND thị xã Hòa Khánh", NULL, fx_em_hk, 1, fx_al_hk, 1, NULL, NULL },
};

static FX_UNUSED struct yk_campaign fx_campaigns[] = {
	{ .id = "118-UBND-TH", .reference = "118/UBND-TH", .form_id = "hoi-thi",
	  .form = &fx_form, .title = "Phiếu tham gia ý kiến", .all_agencies = true,
	  .letter_message_id = "letter-118@tinh.example" },
};

static FX_UNUSED struct yk_config fx_config = {
	.agencies = fx_agencies, .n_agencies = sizeof fx_agencies / sizeof fx_agencies[0],
	.forms = &fx_form, .n_forms = 1,
	.campaigns = fx_campaigns, .n_campaigns = 1,
};

#endif

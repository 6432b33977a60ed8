/*
 * webtext — the web desk's texts, Vietnamese beside English (webtext.h).
 * The Vietnamese follows the reports' wording (lib/report.c): "Đã trả
 * lời", "Trả lời trễ hạn", "Chưa trả lời", "Cần xem xét", "Cơ quan, đơn
 * vị"; the rest is the vocabulary of an office's own forms.
 */
#include "webtext.h"

#define WEB_PHRASES(P)                                                                         \
	P(lang, "vi", "en")                                                                    \
	P(app, "Tổng hợp ý kiến", "Opinion compilation")                                       \
	P(nav_campaigns, "Các đợt lấy ý kiến", "Campaigns")                                    \
	P(nav_review, "Văn bản cần xem xét", "To review")                                      \
	P(logout, "Đăng xuất", "Log out")                                                      \
	P(login, "Đăng nhập", "Log in")                                                        \
	P(login_title, "Đăng nhập hệ thống tổng hợp ý kiến", "Log in to the opinion desk")     \
	P(user, "Tên đăng nhập", "User name")                                                  \
	P(password, "Mật khẩu", "Password")                                                    \
	P(logged_in_as, "Người dùng", "Signed in as")                                          \
	P(campaigns_title, "Các đợt lấy ý kiến", "Campaigns")                                  \
	P(campaign, "Đợt lấy ý kiến", "Campaign")                                              \
	P(reference, "Văn bản số", "Letter No.")                                               \
	P(deadline, "Hạn gửi ý kiến", "Deadline")                                              \
	P(asked, "Số đơn vị được lấy ý kiến", "Units asked")                                   \
	P(replied, "Đã trả lời", "Replied")                                                    \
	P(on_time, "Đã trả lời đúng hạn", "Replied on time")                                   \
	P(late, "Trả lời trễ hạn", "Replied late")                                             \
	P(missing, "Chưa trả lời", "Not replied")                                              \
	P(review, "Cần xem xét", "Needs review")                                               \
	P(no_campaigns, "Chưa có đợt lấy ý kiến nào.", "No campaign yet.")                     \
	P(status_title, "Tình hình trả lời", "Replies")                                        \
	P(unit, "Cơ quan, đơn vị", "Unit")                                                     \
	P(code, "Mã đơn vị", "Code")                                                           \
	P(state, "Tình trạng", "Status")                                                       \
	P(replied_at, "Ngày trả lời", "Replied at")                                            \
	P(reminders_sent, "Số lần đôn đốc", "Reminders sent")                                  \
	P(bouncing, "thư bị trả lại", "mail bounced")                                          \
	P(answer, "Phương án lựa chọn", "Options chosen")                                      \
	P(reports, "Tải báo cáo", "Download the report")                                       \
	P(reminders_link, "Thư đôn đốc đã gửi và dự kiến", "Reminders sent and planned")       \
	P(tally, "Tổng hợp các phương án lựa chọn", "Tally of the options")                    \
	P(back_campaigns, "Về danh sách các đợt lấy ý kiến", "Back to the campaigns")          \
	P(reminders_title, "Thư đôn đốc đã gửi và dự kiến", "Reminders sent and planned")      \
	P(reminders_note, "Trang này chỉ để xem: việc gửi thư đôn đốc do dịch vụ ykiend thực hiện.", \
	  "Read only: reminders are sent by the ykiend service.")                              \
	P(slot, "Đợt đôn đốc", "Slot")                                                         \
	P(at, "Thời điểm", "At")                                                               \
	P(rm_sent, "Đã gửi", "Sent")                                                           \
	P(rm_planned, "Dự kiến gửi", "Planned")                                                \
	P(rm_pending, "Đang gửi", "Being sent")                                                \
	P(rm_retry, "Chờ gửi lại", "Waiting to retry")                                         \
	P(rm_failed, "Gửi không thành công", "Failed")                                         \
	P(rm_cancelled, "Đã hủy", "Cancelled")                                                 \
	P(rm_passed, "Đã bỏ qua", "Passed over")                                               \
	P(rm_due, "Đến hạn gửi", "Due now")                                                    \
	P(no_reminders, "Không có thư đôn đốc nào.", "No reminders.")                          \
	P(detail, "Ghi chú", "Note")                                                           \
	P(review_title, "Văn bản cần xem xét", "To review")                                    \
	P(review_nothing, "Không có văn bản nào cần xem xét.", "Nothing to review.")           \
	P(review_more, "Trang này hiển thị các văn bản đầu tiên; xử lý xong sẽ hiển thị tiếp", \
	  "The first messages are shown; the rest follow once these are done")                \
	P(subject, "Tiêu đề thư", "Subject")                                                   \
	P(from, "Người gửi", "From")                                                           \
	P(to, "Người nhận", "To")                                                              \
	P(date, "Ngày gửi", "Date")                                                            \
	P(arrived, "Thời điểm nhận", "Received")                                               \
	P(unidentified, "Chưa xác định đơn vị", "Unit not identified")                         \
	P(reasons, "Lý do", "Reasons")                                                         \
	P(open_message, "Xem văn bản", "Open the message")                                     \
	P(assign, "Gán cho cơ quan, đơn vị", "Assign to a unit")                               \
	P(assign_button, "Gán đơn vị", "Assign")                                               \
	P(correct, "Hiệu chỉnh nội dung trả lời", "Correct an answer")                         \
	P(field, "Mục", "Field")                                                               \
	P(value, "Giá trị", "Value")                                                           \
	P(correct_button, "Lưu hiệu chỉnh", "Save the correction")                             \
	P(options_help, "Phương án: ghi mã phương án, nhiều phương án nối bằng dấu +, "        \
	  "hoặc \"none\" nếu không chọn phương án nào", "Options: their ids joined by +, "     \
	  "or \"none\" when none was chosen")                                                  \
	P(text_of, "nội dung", "text")                                                         \
	P(confirm, "Xác nhận đã xem xét", "Confirm as reviewed")                               \
	P(confirm_button, "Xác nhận", "Confirm")                                               \
	P(notreply, "Không phải văn bản trả lời", "Not a reply")                               \
	P(notreply_button, "Đánh dấu không phải văn bản trả lời", "Mark as not a reply")       \
	P(question, "Câu hỏi của đơn vị về đợt lấy ý kiến", "A question about the campaign")   \
	P(actions, "Xử lý văn bản", "Actions")                                                 \
	P(flash_assigned, "Đã gán văn bản cho đơn vị.", "The message was assigned to the unit.") \
	P(flash_corrected, "Đã lưu nội dung hiệu chỉnh.", "The correction was saved.")         \
	P(flash_confirmed, "Đã xác nhận văn bản.", "The message was confirmed.")               \
	P(flash_notreply, "Đã đánh dấu không phải văn bản trả lời.",                           \
	  "The message was marked as not a reply.")                                            \
	P(message_title, "Văn bản", "Message")                                                 \
	P(status, "Tình trạng", "Status")                                                      \
	P(answers, "Nội dung trả lời", "Answers")                                              \
	P(extracted, "Trích xuất tự động", "Extracted")                                        \
	P(corrected_by, "Hiệu chỉnh bởi", "Corrected by")                                      \
	P(assigned_by, "Người gán đơn vị", "Agency assigned by")                                \
	P(no_answers, "Không có nội dung trả lời.", "No answers.")                             \
	P(text, "Nội dung thư", "Text")                                                        \
	P(no_text, "Thư không có nội dung văn bản.", "The message has no text.")               \
	P(attachments, "Tệp đính kèm", "Attachments")                                          \
	P(no_attachments, "Không có tệp đính kèm.", "No attachments.")                         \
	P(too_large, "tệp quá lớn, không tải về qua trang này", "too large to download here")            \
	P(forwarded, "trong thư chuyển tiếp", "in the forwarded message")                      \
	P(st_effective, "Được tính", "Counted")                                                \
	P(st_superseded, "Đã được thay thế bằng văn bản sau", "Superseded by a later reply")   \
	P(st_duplicate, "Trùng lặp", "Duplicate")                                              \
	P(st_not_counted, "Không tính", "Not counted")                                         \
	P(st_review, "Cần xem xét", "Needs review")                                            \
	P(e400, "Yêu cầu không hợp lệ", "Bad request")                                         \
	P(e403, "Không có quyền thực hiện", "Forbidden")                                       \
	P(e404, "Không tìm thấy trang", "Not found")                                           \
	P(e405, "Phương thức không được hỗ trợ", "Method not allowed")                         \
	P(e413, "Yêu cầu quá lớn", "Request too large")                                        \
	P(e429, "Đăng nhập sai quá nhiều lần", "Too many failed logins")                       \
	P(e500, "Lỗi hệ thống", "Server error")                                                \
	P(e_other, "Lỗi", "Error")                                                             \
	P(back_home, "Về trang chủ", "Back to the start")                                      \
	P(not_saved, "Chưa lưu: giá trị không hợp lệ", "Not saved: a value is not valid")              \
	P(bad_field, "Mục hiệu chỉnh không hợp lệ", "Not a field of the form")                 \
	P(bad_agency, "Chưa chọn cơ quan, đơn vị", "No unit chosen")

#define VI(field, vi, en) .field = vi,
#define EN(field, vi, en) .field = en,
static const struct webtext text_vi = { WEB_PHRASES(VI) };
static const struct webtext text_en = { WEB_PHRASES(EN) };
#undef VI
#undef EN

const struct webtext *
webtext(enum web_lang lang)
{
	return lang == WEB_EN ? &text_en : &text_vi;
}

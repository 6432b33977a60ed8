/*
 * fault — named crash points for the test suite (STYLE.md habit 4).
 *
 * fault_point(STEP) marks a durable step of the intake and the outbox: the
 * archive file written, its fsync, the commit, the flag or move on the
 * server, a reminder's or receipt's row, the SMTP server's acceptance.
 * In the programs that are installed it does nothing: lib/fault.c is an
 * empty function and reads no environment.  The test build of ykiend
 * (build/tests/ykiend-fault) links tests/fault/fault_on.c instead, which
 * _exit()s the process at the step named by $YKIEN_FAULT, on its
 * $YKIEN_FAULT_AT-th passage (default 1): a crash exactly there, every
 * run, instead of a kill at a random moment.
 *
 * The steps, in the order a message or a mail goes through them:
 *   archive-written   a message's file is in the archive, not yet synced
 *   archive-synced    the batch's files are durable (syncfs / fsync)
 *   committed         the batch's rows and high-water UID are committed
 *   stored-seen       UID STORE +FLAGS (\Seen) answered (after_filing seen)
 *   copied            UID COPY answered, before its \Deleted and EXPUNGE (move
 *                     on a server without MOVE)
 *   moved             UID MOVE / COPY+EXPUNGE answered (after_filing move)
 *   reminder-recorded a reminder's row (its Message-ID) is committed
 *   smtp-accepted     the SMTP server accepted a message (250 after DATA)
 *   receipt-recorded  a receipt's row is committed, before it is sent
 *   dispatch-recorded a dispatched letter's row is committed, before it is sent
 *                     (ykien dispatch; build/tests/ykien-fault is the test build)
 *   checkpointed      the sync thread copied the WAL into the database
 *                     (lib/intake.c, beside the archive-synced of a batch)
 */
#ifndef YK_FAULT_H
#define YK_FAULT_H

#include <stdbool.h>

/* The exit status of a process stopped at a fault point. */
#define FAULT_EXIT 86

void fault_point(const char *step);

/*
 * fault_fail(WHAT): should the operation WHAT fail as if the system had
 * refused it?  Always false in the installed programs; in the test build
 * true from the $YKIEN_FAIL_AT-th passage (default 1) when $YKIEN_FAIL
 * names WHAT.  Used for what a test cannot otherwise make fail:
 *   sha256            libcrypto's digest of a message
 */
bool fault_fail(const char *what);

/*
 * fault_value(WHAT, DEF): DEF in the installed programs; in the test build
 * N when $YKIEN_VALUE reads WHAT=N.  For a size a test cannot reach at
 * full scale in its time:
 *   wal_pages         the WAL's size past which the intake has it
 *                     checkpointed (STORE_WAL_PAGES: some 40 MB)
 */
long fault_value(const char *what, long def);

#endif

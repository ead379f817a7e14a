#pragma once
// The floor of the mail benchmark (bench_mail_ingest): the work issue 3 makes
// every mail ingest do, each step done by the library the project uses for
// it, nothing else, on one thread. The only Harrier code is GMime's set-up
// (ensureGmime: charset modules kept loaded, as in Harrier).
//
//   - the evidence file's MD5, SHA-1 and SHA-256 (it is opened as evidence);
//   - GMime parse of every message, every leaf part decoded (the anchor's
//     work), text bodies converted to UTF-8 (g_mime_text_part_get_text);
//   - every message's headers, nested messages' too, raw and decoded
//     (g_mime_header_get_value);
//   - the address headers parsed (GMime); each address and its domain an
//     observable, the domain's registrable domain from libpsl and, for
//     punycode, its Unicode form from libidn2;
//   - timeline events: the Date of every message and the time of every
//     Received header (GMime's date parser);
//   - every attachment (a leaf part that is not a text body): MD5, SHA-1,
//     SHA-256, the libmagic MIME type of its first 64 KiB (once per distinct
//     content), content stored as a blob;
//   - SQLite, WAL, 1,000 messages per transaction: a row per message (offset,
//     headers, bodies), attachment, event, distinct observable, and link
//     between a message and an observable.
//
// Left out although the issue asks for them, so any real ingest does more:
// the Received hops' hosts, IPs and delays, authentication results, URLs,
// images and forms from the bodies, charset fallbacks, TNEF, archives inside
// attachments, the raw message blob, indexes beyond the unique keys, and
// compression.

#include <gmime/gmime.h>

/// A GMime parser in mbox mode over the file, persist-stream on (bodies stay
/// in the file), as the anchor and the floor both read it; nullptr when the
/// file cannot be opened. The parser holds the stream: unref the parser only.
GMimeParser *openMboxParser(const char *mboxPath);

/// Returns 0 when the mbox was read; prints the message count on stderr.
int mailFloor(const char *mboxPath, const char *dbPath);

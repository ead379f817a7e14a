#pragma once
// The floor of the mail benchmark (bench_mail_ingest): the work issue 3 makes
// every mail ingest do, each step done by the library the project uses for
// it, nothing else, on one thread, as cheaply as those libraries allow. The
// only Harrier code is the file's digests (hashFile), GMime's set-up
// (ensureGmime: charset modules kept loaded) and the conversion of bodies to
// UTF-8 (toUtf8: no iconv for text that needs none), so the floor never pays
// more than Harrier for any of them.
//
//   - the evidence file's MD5, SHA-1 and SHA-256 (it is opened as evidence);
//   - GMime parse of every message, every leaf part decoded (the anchor's
//     work), text bodies converted to UTF-8;
//   - every message's headers, nested messages' too, raw, and decoded where
//     decoding changed more than the folding (g_mime_header_get_value); its
//     offset and length in the mbox, Date, From, Subject, Message-ID, and the
//     In-Reply-To and References ids (GMime's parser);
//   - the addresses (GMime's own parse of From, Sender, Reply-To, To, Cc and
//     Bcc; Delivered-To and Return-Path parsed here); each address and its
//     domain an observable, with libpsl's registrable domain and, for
//     punycode, libidn2's Unicode form;
//   - the Received chain as hops (from, by, with, address literal, time and
//     delay after the hop before) and the SPF, DKIM, DMARC and ARC verdicts
//     of Authentication-Results, ARC-Authentication-Results and Received-SPF
//     with the domains they name; the IPs of hops and X-Originating-IP as
//     observables (mail_floor_scans.h);
//   - from the bodies, every link with its anchor text, image and form URL,
//     and URL written in the text; every image with its size and whether it
//     is hidden; each URL and its host an observable; a look for uuencoded
//     and yEnc files in text bodies (mail_floor_scans.h);
//   - every attachment's MD5, SHA-1, SHA-256 (an observable, as Harrier's),
//     libmagic MIME type of its first 64 KiB and blob; archives expanded by
//     libarchive with "infected" offered as password, their entries
//     attachments in turn and their times events; OOXML listed for
//     vbaProject.bin and OLE files searched for a VBA project; TNEF expanded
//     by libytnef (mail_floor_attachments.h); all of this once per distinct
//     content, a row and its observables for every occurrence;
//   - timeline events: the Date of every message, the time of every Received
//     hop and archive entry, each with a text stored once per distinct text;
//   - SQLite, 16 KiB pages, 1,000 messages per transaction: a row per
//     message (keys, the fields above, headers, bodies), attachment, distinct
//     blob, hop, verdict, URL, image, event, distinct event text, distinct
//     observable, and message-observable link; stored as FloorStorage says;
//     after the load, the events' indexes by time, message and kind and the
//     FTS5 index of their texts (the Foundation issue's timeline).
//
// The scans find less than Harrier's (mail_floor_scans.h says what), and
// left out although the issue asks for them, so any real ingest does more:
// charset fallbacks, forms' fields, decoding the inline uuencoded and yEnc
// files, the user's passwords for archives, and the events' indexes by source
// and host.

#include <gmime/gmime.h>

/// A GMime parser in mbox mode over the file, persist-stream on (bodies stay
/// in the file), as the anchor and the floor both read it; nullptr when the
/// file cannot be opened. The parser holds the stream: unref the parser only.
GMimeParser *openMboxParser(const char *mboxPath);

/// How the floor stores what it found.
enum class FloorStorage {
    /// No journal, blobs as they came, no raw bytes: cheaper than any case
    /// the project may write, so it bounds from above what any ingest can reach.
    Lean,
    /// What the design (shared ARCHITECTURE.md) and the Foundation issue make
    /// every case: WAL with synchronous=NORMAL (a killed ingest leaves a case
    /// that opens), blobs compressed with zstd (the cheapest level that still
    /// compresses, kFloorZstdLevel), and the raw bytes of every message kept
    /// in the case, which must stand without the evidence when it is handed
    /// to a colleague and re-scanned ("the raw bytes stay available"): each
    /// message's bytes addressed by their SHA-256 and stored once per distinct
    /// content (the bench's mbox repeats its corpus messages, so this is far
    /// cheaper there than compressing the whole file).
    Required,
};

/// zstd level of FloorStorage::Required (Harrier writes level 1).
inline constexpr int kFloorZstdLevel = -1;

/// Returns 0 when the mbox was read; prints the message count on stderr.
int mailFloor(const char *mboxPath, const char *dbPath, FloorStorage storage);

// Raw libpff anchor for the PST benchmark (tests/bench/bench_pst.sh,
// docs/BENCHMARKS.md). Not run by ctest; no Qt, no Harrier code.
//
// The reading a libpff-based PST ingest has to do, and nothing else: for each PST given
// (several = the K-copies case, one process), libpff_file_open read-only, walk
// the folder tree from the root folder and, for every sub-message, read
//   - every entry value of every record set (data size + data),
//   - the plain-text, HTML and RTF bodies,
//   - the recipients (every entry of every record set),
//   - every attachment: its record sets, and its data (data attachments) or
//     the embedded item, read the same way (item attachments).
// --recover also runs libpff_file_recover_items and reads the message-like
// recovered items as above (folders, tables and items of unknown type are
// skipped, as Harrier does; Harrier scans because the issue asks for
// recovered items). --recover-thread does the same, but, as Harrier does,
// runs the scan on a second libpff handle on its own thread from before the
// walk (on 2 cores it overlaps the walk), and reads the recovered items after
// the walk from that handle.
// --phases prints (stderr) the time spent in initialize+open, the walk, the
// recovery scan, reading the recovered items and close+free, over all files.
//
// Prints: items=N embedded=E recovered=R bytes=B errors=X
// (items: sub-messages of the folder tree; embedded: item attachments read;
// recovered: message-like recovered items read; bytes: everything read.)
//
// --phases with --recover-thread: recover_items is the time spent waiting for
// the scan after the walk.
//
//   bench_pst_libpff_loop [--recover | --recover-thread] [--phases] [--quiet] PST...
#include <libpff.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Totals {
    std::uint64_t items = 0, embedded = 0, recovered = 0, bytes = 0, errors = 0;
};

Totals g;
bool g_quiet = false;
std::vector<std::uint8_t> g_buf(1 << 16);

void fail(libpff_error_t *&e, const char *what, const char *path) {
    ++g.errors;
    if (!g_quiet) {
        std::fprintf(stderr, "%s: %s failed: ", path, what);
        if (e)
            libpff_error_fprint(e, stderr);  // ends with a newline
        else
            std::fputs("(no libpff error)\n", stderr);
    }
    if (e)
        libpff_error_free(&e);
}

std::uint8_t *buffer(std::size_t n) {
    if (g_buf.size() < n)
        g_buf.resize(n);
    return g_buf.data();
}

// Counts a value's bytes (the reads are calls into libpff, which the compiler
// cannot drop; the total is printed).
void consume(const std::uint8_t *, std::size_t n) { g.bytes += n; }

void readRecordSets(libpff_item_t *item, const char *path) {
    libpff_error_t *e = nullptr;
    int sets = 0;
    if (libpff_item_get_number_of_record_sets(item, &sets, &e) != 1) {
        fail(e, "libpff_item_get_number_of_record_sets", path);
        return;
    }
    for (int s = 0; s < sets; ++s) {
        libpff_record_set_t *set = nullptr;
        if (libpff_item_get_record_set_by_index(item, s, &set, &e) != 1 || !set) {
            fail(e, "libpff_item_get_record_set_by_index", path);
            continue;
        }
        int entries = 0;
        if (libpff_record_set_get_number_of_entries(set, &entries, &e) != 1) {
            fail(e, "libpff_record_set_get_number_of_entries", path);
            entries = 0;
        }
        for (int i = 0; i < entries; ++i) {
            libpff_record_entry_t *entry = nullptr;
            if (libpff_record_set_get_entry_by_index(set, i, &entry, &e) != 1 || !entry) {
                fail(e, "libpff_record_set_get_entry_by_index", path);
                continue;
            }
            std::size_t size = 0;
            if (libpff_record_entry_get_data_size(entry, &size, &e) != 1) {
                fail(e, "libpff_record_entry_get_data_size", path);
            } else if (size > 0) {
                std::uint8_t *data = buffer(size);
                if (libpff_record_entry_get_data(entry, data, size, &e) != 1)
                    fail(e, "libpff_record_entry_get_data", path);
                else
                    consume(data, size);
            }
            libpff_record_entry_free(&entry, nullptr);
        }
        libpff_record_set_free(&set, nullptr);
    }
}

using SizeFn = int (*)(libpff_item_t *, std::size_t *, libpff_error_t **);
using BodyFn = int (*)(libpff_item_t *, std::uint8_t *, std::size_t, libpff_error_t **);

void readBody(libpff_item_t *message, SizeFn sizeFn, BodyFn bodyFn, const char *what, const char *path) {
    libpff_error_t *e = nullptr;
    std::size_t size = 0;
    const int rc = sizeFn(message, &size, &e);
    if (rc == -1) {
        fail(e, what, path);
        return;
    }
    if (rc == 0 || size == 0)
        return;  // no such body
    std::uint8_t *data = buffer(size);
    if (bodyFn(message, data, size, &e) != 1)
        fail(e, what, path);
    else
        consume(data, size);
}

void readItem(libpff_item_t *item, const char *path, int depth);

void readAttachment(libpff_item_t *att, const char *path, int depth) {
    libpff_error_t *e = nullptr;
    readRecordSets(att, path);
    int type = 0;
    if (libpff_attachment_get_type(att, &type, &e) != 1) {
        fail(e, "libpff_attachment_get_type", path);
        return;
    }
    if (type == LIBPFF_ATTACHMENT_TYPE_DATA) {
        size64_t size = 0;
        if (libpff_attachment_get_data_size(att, &size, &e) != 1) {
            fail(e, "libpff_attachment_get_data_size", path);
            return;
        }
        std::uint64_t got = 0;
        while (got < size) {
            const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(size - got, g_buf.size()));
            const ssize_t n = libpff_attachment_data_read_buffer(att, g_buf.data(), want, &e);
            if (n < 0) {
                fail(e, "libpff_attachment_data_read_buffer", path);
                break;
            }
            if (n == 0)
                break;
            consume(g_buf.data(), static_cast<std::size_t>(n));
            got += static_cast<std::uint64_t>(n);
        }
    } else if (type == LIBPFF_ATTACHMENT_TYPE_ITEM) {
        if (depth >= 32)
            return;
        libpff_item_t *inner = nullptr;
        if (libpff_attachment_get_item(att, &inner, &e) != 1 || !inner) {
            fail(e, "libpff_attachment_get_item", path);
            return;
        }
        ++g.embedded;
        readItem(inner, path, depth + 1);
        libpff_item_free(&inner, nullptr);
    }
}

// A message (or any message-like item): record sets, bodies, recipients, attachments.
void readItem(libpff_item_t *item, const char *path, int depth) {
    libpff_error_t *e = nullptr;
    readRecordSets(item, path);
    readBody(item, libpff_message_get_plain_text_body_size, libpff_message_get_plain_text_body,
             "plain-text body", path);
    readBody(item, libpff_message_get_html_body_size, libpff_message_get_html_body, "HTML body", path);
    readBody(item, libpff_message_get_rtf_body_size, libpff_message_get_rtf_body, "RTF body", path);
    libpff_item_t *recipients = nullptr;
    const int rc = libpff_message_get_recipients(item, &recipients, &e);
    if (rc == -1)
        fail(e, "libpff_message_get_recipients", path);
    else if (rc == 1 && recipients) {
        readRecordSets(recipients, path);
        libpff_item_free(&recipients, nullptr);
    }
    int attachments = 0;
    if (libpff_message_get_number_of_attachments(item, &attachments, &e) != 1) {
        fail(e, "libpff_message_get_number_of_attachments", path);
        attachments = 0;
    }
    for (int i = 0; i < attachments; ++i) {
        libpff_item_t *att = nullptr;
        if (libpff_message_get_attachment(item, i, &att, &e) != 1 || !att) {
            fail(e, "libpff_message_get_attachment", path);
            continue;
        }
        readAttachment(att, path, depth);
        libpff_item_free(&att, nullptr);
    }
}

void walkFolder(libpff_item_t *folder, const char *path, int depth) {
    libpff_error_t *e = nullptr;
    if (depth > 256)
        return;
    int messages = 0, folders = 0;
    if (libpff_folder_get_number_of_sub_messages(folder, &messages, &e) != 1) {
        fail(e, "libpff_folder_get_number_of_sub_messages", path);
        messages = 0;
    }
    for (int i = 0; i < messages; ++i) {
        libpff_item_t *message = nullptr;
        if (libpff_folder_get_sub_message(folder, i, &message, &e) != 1 || !message) {
            fail(e, "libpff_folder_get_sub_message", path);
            continue;
        }
        ++g.items;
        readItem(message, path, 0);
        libpff_item_free(&message, nullptr);
    }
    if (libpff_folder_get_number_of_sub_folders(folder, &folders, &e) != 1) {
        fail(e, "libpff_folder_get_number_of_sub_folders", path);
        folders = 0;
    }
    for (int i = 0; i < folders; ++i) {
        libpff_item_t *sub = nullptr;
        if (libpff_folder_get_sub_folder(folder, i, &sub, &e) != 1 || !sub) {
            fail(e, "libpff_folder_get_sub_folder", path);
            continue;
        }
        walkFolder(sub, path, depth + 1);
        libpff_item_free(&sub, nullptr);
    }
}

// Harrier's PstReader::isMessageLike (recovered folders and tables are structure),
// restated rather than linked: harrier_parsers_outlook exports Harrier's memo of
// libpff's name-to-id lookup to every program linking it (pff_name_map_cache.h),
// and the anchor must time the stock library.
bool messageLike(std::uint8_t type) {
    switch (type) {
    case LIBPFF_ITEM_TYPE_FOLDER:
    case LIBPFF_ITEM_TYPE_ATTACHMENT:
    case LIBPFF_ITEM_TYPE_ATTACHMENTS:
    case LIBPFF_ITEM_TYPE_RECIPIENTS:
    case LIBPFF_ITEM_TYPE_SUB_ASSOCIATED_CONTENTS:
    case LIBPFF_ITEM_TYPE_SUB_FOLDERS:
    case LIBPFF_ITEM_TYPE_SUB_MESSAGES:
    case LIBPFF_ITEM_TYPE_UNDEFINED:
        return false;
    default:
        return true;
    }
}

void readRecovered(libpff_file_t *file, const char *path) {
    libpff_error_t *e = nullptr;
    int count = 0;
    if (libpff_file_get_number_of_recovered_items(file, &count, &e) != 1) {
        fail(e, "libpff_file_get_number_of_recovered_items", path);
        return;
    }
    for (int i = 0; i < count; ++i) {
        libpff_item_t *item = nullptr;
        if (libpff_file_get_recovered_item_by_index(file, i, &item, &e) != 1 || !item) {
            fail(e, "libpff_file_get_recovered_item_by_index", path);
            continue;
        }
        // As Harrier: an item whose type libpff cannot tell (most recovered
        // descriptors here) or that is a folder/table is skipped, not an error.
        std::uint8_t type = LIBPFF_ITEM_TYPE_UNDEFINED;
        if (libpff_item_get_type(item, &type, &e) != 1) {
            libpff_error_free(&e);
            type = LIBPFF_ITEM_TYPE_UNDEFINED;
        }
        if (messageLike(type)) {
            ++g.recovered;
            readItem(item, path, 0);
        }
        libpff_item_free(&item, nullptr);
    }
}

using Clock = std::chrono::steady_clock;
double since(Clock::time_point &t) {
    const auto now = Clock::now();
    const double s = std::chrono::duration<double>(now - t).count();
    t = now;
    return s;
}

// The scan on its own handle (--recover-thread): opened and scanned on its
// thread, started before the walk of the first handle.
class Scan {
public:
    explicit Scan(const char *path)
        : m_thread([this, path] {
              if (libpff_file_initialize(&m_file, &m_error) != 1) {
                  m_file = nullptr;
                  m_what = "libpff_file_initialize (scan)";
              } else if (libpff_file_open(m_file, path, LIBPFF_OPEN_READ, &m_error) != 1) {
                  m_what = "libpff_file_open (scan)";
              } else if (libpff_file_recover_items(m_file, 0, &m_error) != 1) {
                  m_what = "libpff_file_recover_items";
              }
          }) {}
    Scan(const Scan &) = delete;
    Scan &operator=(const Scan &) = delete;
    ~Scan() {
        if (m_thread.joinable())
            m_thread.join();
        if (m_file)
            libpff_file_free(&m_file, nullptr);
    }

    // Joins (tWait), reads the recovered items if the scan succeeded (tRead), closes.
    void finish(const char *path, double &tWait, double &tRead, Clock::time_point &t) {
        m_thread.join();
        tWait += since(t);
        if (m_what) {
            fail(m_error, m_what, path);
        } else {
            readRecovered(m_file, path);
            tRead += since(t);
            if (libpff_file_close(m_file, &m_error) != 0)
                fail(m_error, "libpff_file_close (scan)", path);
        }
        if (m_file)
            libpff_file_free(&m_file, nullptr);
    }

private:
    libpff_file_t *m_file = nullptr;
    libpff_error_t *m_error = nullptr;
    const char *m_what = nullptr;  // the call that failed, if one did
    std::thread m_thread;          // last: starts once the members above exist
};

}  // namespace

int main(int argc, char **argv) {
    bool recover = false, recoverThread = false, phases = false;
    std::vector<const char *> paths;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--recover") == 0)
            recover = true;
        else if (std::strcmp(argv[i], "--recover-thread") == 0)
            recoverThread = true;
        else if (std::strcmp(argv[i], "--phases") == 0)
            phases = true;
        else if (std::strcmp(argv[i], "--quiet") == 0)
            g_quiet = true;
        else
            paths.push_back(argv[i]);
    }
    if (paths.empty() || (recover && recoverThread)) {
        std::fprintf(stderr, "usage: %s [--recover | --recover-thread] [--phases] [--quiet] PST...\n", argv[0]);
        return 2;
    }
    double tOpen = 0, tWalk = 0, tScan = 0, tRecovered = 0, tClose = 0;
    int failedFiles = 0;
    for (const char *path : paths) {
        libpff_error_t *e = nullptr;
        libpff_file_t *file = nullptr;
        auto t = Clock::now();
        std::unique_ptr<Scan> scan;
        if (recoverThread)
            scan = std::make_unique<Scan>(path);
        if (libpff_file_initialize(&file, &e) != 1) {
            fail(e, "libpff_file_initialize", path);
            if (scan)
                scan->finish(path, tScan, tRecovered, t);
            ++failedFiles;
            continue;
        }
        if (libpff_file_open(file, path, LIBPFF_OPEN_READ, &e) != 1) {
            fail(e, "libpff_file_open", path);
            libpff_file_free(&file, nullptr);
            if (scan)
                scan->finish(path, tScan, tRecovered, t);
            ++failedFiles;
            continue;
        }
        tOpen += since(t);
        libpff_item_t *root = nullptr;
        const int rc = libpff_file_get_root_folder(file, &root, &e);
        if (rc == 1 && root) {
            walkFolder(root, path, 0);
            libpff_item_free(&root, nullptr);
        } else {
            fail(e, "libpff_file_get_root_folder", path);
        }
        tWalk += since(t);
        if (scan)
            scan->finish(path, tScan, tRecovered, t);
        if (recover) {
            if (libpff_file_recover_items(file, 0, &e) != 1) {
                fail(e, "libpff_file_recover_items", path);
                tScan += since(t);
            } else {
                tScan += since(t);
                readRecovered(file, path);
                tRecovered += since(t);
            }
        }
        if (libpff_file_close(file, &e) != 0)
            fail(e, "libpff_file_close", path);
        libpff_file_free(&file, nullptr);
        tClose += since(t);
    }
    std::printf("items=%llu embedded=%llu recovered=%llu bytes=%llu errors=%llu\n",
                static_cast<unsigned long long>(g.items), static_cast<unsigned long long>(g.embedded),
                static_cast<unsigned long long>(g.recovered), static_cast<unsigned long long>(g.bytes),
                static_cast<unsigned long long>(g.errors));
    if (phases)
        std::fprintf(stderr,
                     "phases (s, %zu files): open %.6f walk %.6f recover_items %.6f recovered_read %.6f close %.6f\n",
                     paths.size(), tOpen, tWalk, tScan, tRecovered, tClose);
    return failedFiles == static_cast<int>(paths.size()) ? 1 : 0;
}

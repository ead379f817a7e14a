// The libbfio handle PstReader reads an in-memory PST through. libbfio's own
// memory range copied the requested size even past the end of the range (an
// out-of-bounds read AddressSanitizer found on a truncated PST); a read that
// crosses the end must return only what is there and write nothing more.
#include "parsers/outlook/bfio_memory_handle.h"

#include <QtTest>

#include <numeric>

using harrier::parsers::outlook::newMemoryHandle;

namespace {

std::shared_ptr<const std::vector<std::uint8_t>> pattern(std::size_t n) {
    auto bytes = std::make_shared<std::vector<std::uint8_t>>(n);
    std::iota(bytes->begin(), bytes->end(), std::uint8_t{1});
    return bytes;
}

struct Handle {
    libbfio_handle_t *h = nullptr;
    explicit Handle(libbfio_handle_t *handle) : h(handle) {}
    ~Handle() {
        if (h) {
            libbfio_handle_close(h, nullptr);
            libbfio_handle_free(&h, nullptr);
        }
    }
};

}  // namespace

class TestBfioMemoryHandle : public QObject {
    Q_OBJECT
private slots:
    void readAcrossTheEndStopsThere() {
        const auto bytes = pattern(1000);
        Handle handle(newMemoryHandle(bytes));
        QVERIFY(handle.h);
        QCOMPARE(libbfio_handle_open(handle.h, LIBBFIO_OPEN_READ, nullptr), 1);
        QCOMPARE(libbfio_handle_seek_offset(handle.h, 990, SEEK_SET, nullptr), off64_t{990});
        std::vector<std::uint8_t> out(512, 0xEE);
        QCOMPARE(libbfio_handle_read_buffer(handle.h, out.data(), out.size(), nullptr), ssize_t{10});
        QVERIFY(std::equal(out.begin(), out.begin() + 10, bytes->begin() + 990));
        QVERIFY(std::all_of(out.begin() + 10, out.end(), [](std::uint8_t b) { return b == 0xEE; }));
        QCOMPARE(libbfio_handle_read_buffer(handle.h, out.data(), out.size(), nullptr), ssize_t{0});
    }

    void seekPastTheEndReadsNothing() {
        Handle handle(newMemoryHandle(pattern(100)));
        QCOMPARE(libbfio_handle_open(handle.h, LIBBFIO_OPEN_READ, nullptr), 1);
        QCOMPARE(libbfio_handle_seek_offset(handle.h, 5000, SEEK_SET, nullptr), off64_t{5000});
        std::uint8_t out[64];
        QCOMPARE(libbfio_handle_read_buffer(handle.h, out, sizeof out, nullptr), ssize_t{0});
        QCOMPARE(libbfio_handle_seek_offset(handle.h, -10, SEEK_END, nullptr), off64_t{90});
        QCOMPARE(libbfio_handle_read_buffer(handle.h, out, sizeof out, nullptr), ssize_t{10});
        QCOMPARE(out[0], std::uint8_t{91});
        libbfio_error_t *error = nullptr;
        QCOMPARE(libbfio_handle_seek_offset(handle.h, -1000, SEEK_CUR, &error), off64_t{-1});
        libbfio_error_free(&error);
    }

    void sizeCloneAndNoWriting() {
        const auto bytes = pattern(300);
        Handle handle(newMemoryHandle(bytes));
        size64_t size = 0;
        QCOMPARE(libbfio_handle_get_size(handle.h, &size, nullptr), 1);
        QCOMPARE(size, size64_t{300});
        libbfio_error_t *error = nullptr;
        QCOMPARE(libbfio_handle_open(handle.h, LIBBFIO_OPEN_READ_WRITE, &error), -1);
        libbfio_error_free(&error);
        QCOMPARE(libbfio_handle_open(handle.h, LIBBFIO_OPEN_READ, nullptr), 1);
        QCOMPARE(libbfio_handle_seek_offset(handle.h, 200, SEEK_SET, nullptr), off64_t{200});
        libbfio_handle_t *copy = nullptr;
        QCOMPARE(libbfio_handle_clone(&copy, handle.h, nullptr), 1);
        Handle clone(copy);
        // libbfio opens the clone at the source's offset; from there each has its own.
        std::uint8_t a = 0, b = 0;
        QCOMPARE(libbfio_handle_read_buffer(clone.h, &a, 1, nullptr), ssize_t{1});
        QCOMPARE(libbfio_handle_read_buffer(handle.h, &b, 1, nullptr), ssize_t{1});
        QCOMPARE(a, (*bytes)[200]);
        QCOMPARE(b, (*bytes)[200]);
    }
};

QTEST_GUILESS_MAIN(TestBfioMemoryHandle)
#include "tst_bfio_memory_handle.moc"

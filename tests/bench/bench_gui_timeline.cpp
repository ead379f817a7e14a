// GUI timeline responsiveness on a large case (offscreen): time from
// setFilter to the count and to the first rows on screen, the longest
// GUI event-loop stall (a 1 ms QTimer heartbeat) while a script scrolls to
// random points and changes filters, and how many running queries a newer
// filter cancelled. Goals: usable < 1 s after the count, stall < 16 ms.
//   bench_gui_timeline [EVENTS=10000000] [ROUNDS=3] [CASE_PATH] [WINDOW=TimelineModel::kWindowRows]
#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>

#include <cstdio>
#include <ctime>
#include <filesystem>

#include "bench_util.h"
#include "casestore/case_db.h"
#include "casestore/case_writer.h"
#include "synthetic_events.h"
#include "ui/models/timeline_model.h"
#include "ui/views/timeline_view.h"

namespace fs = std::filesystem;
using namespace harrier;
using namespace harrier::casestore;

namespace {
// Waits for a condition while the event loop runs.
// CPU time of the calling (GUI) thread: a gap in the heartbeat while this
// barely moves was the scheduler giving the core to another process (the
// benchmark box is shared), not work on the GUI thread.
qint64 threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<qint64>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Time the calling thread spent runnable but waiting for a core (Linux
// schedstat, field 2); 0 where the kernel does not report it.
qint64 threadRunQueueWaitNs() {
    std::FILE *f = std::fopen("/proc/thread-self/schedstat", "r");
    if (!f)
        return 0;
    unsigned long long run = 0, wait = 0;
    const int n = std::fscanf(f, "%llu %llu", &run, &wait);
    std::fclose(f);
    return n == 2 ? static_cast<qint64>(wait) : 0;
}

bool spinUntil(const std::function<bool()> &done, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return done();
}
}  // namespace

int main(int argc, char **argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const std::uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
    const fs::path path = argc > 3 ? fs::path(argv[3]) : fs::temp_directory_path() / "harrier-bench-gui.hcase";
    // Rows the view sees at once: what opening and each far scroll (a model reset) cost.
    const int window = argc > 4 ? std::atoi(argv[4]) : ui::TimelineModel::kWindowRows;
    if (!fs::exists(path)) {
        std::printf("building %llu events into %s ...\n", static_cast<unsigned long long>(n), path.c_str());
        auto db = CaseDb::create(path.string(), "bench", "bench");
        auto w = CaseWriter::start(**db);
        for (std::uint64_t i = 0; i < n; ++i)
            (void)(*w)->put(bench::syntheticEvent(i));
        (void)(*w)->close();
    }
    auto db = CaseDb::open(path.string(), OpenMode::ReadOnly);
    if (!db) {
        std::fprintf(stderr, "%s\n", db.error().message.c_str());
        return 1;
    }

    std::vector<double> toCount, toRows, stalls, scrollStalls, scrollOnlyStalls, moves, stallsCpu, scrollStallsCpu, busiest,
        scrollBusiest, stallsWait, scrollStallsWait;
    std::uint64_t cancelled = 0, rows = 0;
    for (int r = 0; r < rounds; ++r) {
        // Heartbeat: the longest gap between 1 ms timer ticks is the worst stall.
        QElapsedTimer beat;
        // worstCpu: the GUI thread's CPU time inside the longest gap; busiestCpu: the most CPU in any gap.
        qint64 last = 0, worst = 0, lastCpu = threadCpuNs(), worstCpu = 0, busiestCpu = 0;
        qint64 lastWait = threadRunQueueWaitNs(), worstWait = 0;  ///< waiting for a core inside the longest gap
        QTimer heartbeat;
        heartbeat.setInterval(1);
        QObject::connect(&heartbeat, &QTimer::timeout, [&] {
            const qint64 now = beat.nsecsElapsed(), cpu = threadCpuNs(), wait = threadRunQueueWaitNs();
            if (now - last > worst) {
                worst = now - last;
                worstCpu = cpu - lastCpu;
                worstWait = wait - lastWait;
            }
            lastWait = wait;
            busiestCpu = std::max(busiestCpu, cpu - lastCpu);
            last = now;
            lastCpu = cpu;
        });
        beat.start();
        heartbeat.start();

        QElapsedTimer t;
        t.start();
        ui::TimelineView view(**db);  // starts the unfiltered query
        view.resize(1400, 800);
        view.show();
        ui::TimelineModel *m = view.model();
        if (window != m->windowSize())
            m->setWindowSize(window);  // before the count arrives: nothing shown yet
        spinUntil([&] { return m->isCounted(); }, 120000);
        toCount.push_back(t.nsecsElapsed() / 1e6);
        spinUntil([&] { return m->eventAt(0) != nullptr; }, 120000);
        toRows.push_back(t.nsecsElapsed() / 1e6);
        rows = static_cast<std::uint64_t>(m->totalRows());
        stalls.push_back(worst / 1e6);
        stallsCpu.push_back(worstCpu / 1e6);
        stallsWait.push_back(worstWait / 1e6);
        busiest.push_back(busiestCpu / 1e6);

        // Scripted scrolling: a random point every 40 ms for 4 s, waiting for nothing.
        last = beat.nsecsElapsed();
        lastCpu = threadCpuNs();
        lastWait = threadRunQueueWaitNs();
        worst = worstCpu = busiestCpu = worstWait = 0;
        QScrollBar *bar = view.scrollBar();  // spans all rows; the table's own spans the model's window
        // Also timed alone: the bar move itself (re-anchoring the window is a model reset).
        qint64 worstMove = 0;
        auto move = [&] {
            QElapsedTimer mt;
            mt.start();
            bar->setValue(QRandomGenerator::global()->bounded(bar->maximum() + 1));
            worstMove = std::max(worstMove, mt.nsecsElapsed());
        };
        for (int i = 0; i < 100; ++i) {
            move();
            spinUntil([] { return false; }, 40);
        }
        scrollOnlyStalls.push_back(worst / 1e6);
        // Filters replacing each other faster than they can count.
        for (const char *text : {"w17", "w17 w3", "record", "w4242"}) {
            EventFilter f;
            f.text = text;
            view.setFilter(f);
            spinUntil([] { return false; }, 150);
        }
        EventFilter hosts;
        hosts.hosts = {"HOST-3"};
        view.setFilter(hosts);
        spinUntil([&] { return m->isCounted(); }, 120000);
        for (int i = 0; i < 50; ++i) {
            move();
            spinUntil([] { return false; }, 40);
        }
        scrollStalls.push_back(worst / 1e6);
        scrollStallsCpu.push_back(worstCpu / 1e6);
        scrollStallsWait.push_back(worstWait / 1e6);
        scrollBusiest.push_back(busiestCpu / 1e6);
        moves.push_back(worstMove / 1e6);
        cancelled += m->cancelledQueries();
    }
    std::printf("GUI timeline on %llu events (offscreen, window %d rows), median of %d rounds\n",
                static_cast<unsigned long long>(rows), window, rounds);
    std::printf("  open -> count arrived:               %8.1f ms\n", bench::median(toCount));
    std::printf("  open -> first rows shown:            %8.1f ms (usable after count: %.1f ms, goal < 1000)\n",
                bench::median(toRows), bench::median(toRows) - bench::median(toCount));
    std::printf("  longest GUI stall while opening:     %8.1f ms (GUI thread ran %.1f ms of it, waited %.1f ms for a core; "
                "busiest gap %.1f ms CPU)\n",
                bench::median(stalls), bench::median(stallsCpu), bench::median(stallsWait), bench::median(busiest));
    std::printf("  longest GUI stall scrolling+filters: %8.1f ms (goal < 16; GUI thread ran %.1f ms of it, waited %.1f ms for a "
                "core; busiest gap %.1f ms CPU)\n",
                bench::median(scrollStalls), bench::median(scrollStallsCpu), bench::median(scrollStallsWait),
                bench::median(scrollBusiest));
    std::printf("    of which scrolling only (100 jumps): %6.1f ms; longest single bar move: %.1f ms\n",
                bench::median(scrollOnlyStalls), bench::median(moves));
    std::printf("  queries cancelled by a newer filter: %llu (over all rounds)\n", static_cast<unsigned long long>(cancelled));
    return 0;
}

#pragma once
// Timing helpers for benchmarks: medians of repeated runs, an anchor timed in
// the same run, the ratio printed. Not a test: nothing here asserts.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace harrier::bench {

inline double seconds(const std::function<void()> &fn) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/// Runs harrier and anchor alternately `rounds` times; returns medians.
struct Pair {
    double harrier = 0, anchor = 0;
};
inline Pair alternate(int rounds, const std::function<void()> &harrierRun, const std::function<void()> &anchorRun) {
    std::vector<double> h, a;
    for (int i = 0; i < rounds; ++i) {
        a.push_back(seconds(anchorRun));
        h.push_back(seconds(harrierRun));
    }
    return {median(h), median(a)};
}

inline int runShell(const std::string &cmd) {
    const int rc = std::system(cmd.c_str());
    if (rc != 0)
        std::fprintf(stderr, "command failed (%d): %s\n", rc, cmd.c_str());
    return rc;
}

}  // namespace harrier::bench

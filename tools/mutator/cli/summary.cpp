#include "summary.hpp"

#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <unistd.h>

#include "mlab/common/errors.hpp"
#include "mutator/report_view.hpp"

namespace mutator::cli {
namespace {

std::string seconds(std::chrono::milliseconds duration) {
    return fmt::format("{:.1f} s", static_cast<double>(duration.count()) / 1000.0);
}

// Each phase that took any time, in run order: together they are the total.
std::string phases_text(const PhaseTimes& times) {
    std::vector<std::string> parts;
    for (const auto& [name, time] : phases_of(times)) {
        if (time.count() > 0) {
            parts.push_back(
                fmt::format("{} {}", name == "baseline" ? "baseline + coverage" : name, seconds(time)));
        }
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string clock_text(std::chrono::seconds duration) {
    const long total = duration.count();
    return fmt::format("{}:{:02}", total / 60, total % 60);
}

// " (2 equivalent, 1 duplicate)": the Ignored mutants the compiler-equivalence check set aside.
std::string compiler_verdicts(const ScoreCounts& counts) {
    if (counts.equivalent + counts.duplicate == 0) {
        return "";
    }
    return fmt::format(" ({} equivalent, {} duplicate{})", counts.equivalent, counts.duplicate,
                       counts.duplicate == 1 ? "" : "s");
}

}  // namespace

ProgressPrinter::ProgressPrinter(std::ostream& out, bool quiet)
    : out_(out),
      terminal_(isatty(STDERR_FILENO) != 0 && &out == &std::cerr),
      quiet_(quiet),
      started_(std::chrono::steady_clock::now()) {}

void ProgressPrinter::phase(std::string_view name, std::string_view detail) {
    if (quiet_) {
        return;
    }
    finish();
    out_ << fmt::format("mutator: {}: {}\n", name, detail) << std::flush;
    started_ = std::chrono::steady_clock::now();
}

void ProgressPrinter::mutant_done(const MutationSite& /*site*/, const MutantResult& /*result*/,
                                  const RunProgress& progress, const ScoreCounts& so_far, bool /*reused*/) {
    if (quiet_) {
        return;
    }
    const std::size_t done = progress.done;
    const std::size_t total = progress.total;
    // The time left, from the cost of the work left (its tests' baseline times), not the count of mutants:
    // the mutants that most tests reach take the longest.
    const auto elapsed = std::chrono::steady_clock::now() - started_;
    std::string eta = "-";
    if (progress.cost_done.count() > 0 && done < total) {
        const double left = static_cast<double>((progress.cost_total - progress.cost_done).count()) /
                            static_cast<double>(progress.cost_done.count());
        eta = clock_text(std::chrono::duration_cast<std::chrono::seconds>(elapsed * left));
    }
    const std::string line = fmt::format("[{}/{}] {:3}%  score {}  ETA {}", done, total,
                                         total == 0 ? 100 : done * 100 / total, score_text(so_far), eta);
    if (terminal_) {
        out_ << "\r\033[K" << line << std::flush;
        line_open_ = true;
        return;
    }
    const std::size_t tenth = total == 0 ? 10 : done * 10 / total;
    if (tenth > last_tenth_ || done == total) {
        last_tenth_ = tenth;
        out_ << "mutator: " << line << "\n" << std::flush;
    }
}

void ProgressPrinter::note(std::string_view text) {
    finish();
    out_ << "mutator: " << text << "\n" << std::flush;
}

void ProgressPrinter::info(std::string_view text) {
    if (!quiet_) {
        note(text);
    }
}

void ProgressPrinter::finish() {
    if (line_open_) {
        out_ << "\n" << std::flush;
        line_open_ = false;
    }
}

void print_summary(std::ostream& out, const nlohmann::ordered_json& report,
                   const std::vector<std::filesystem::path>& files) {
    const ReportSummary summary = summarize_report(report);
    const ScoreCounts& counts = summary.counts;
    out << fmt::format("mutation score: {} ({} of {} mutants detected)\n", score_text(counts),
                       counts.detected(), counts.valid());
    out << fmt::format(
        "  Killed {}, Timeout {}, Survived {}, NoCoverage {}, CompileError {}, RuntimeError {}, "
        "Ignored {}{}{}\n",
        counts.killed, counts.timeout, counts.survived, counts.no_coverage, counts.compile_error,
        counts.runtime_error, counts.ignored, compiler_verdicts(counts),
        counts.pending > 0 ? fmt::format(", Pending {}", counts.pending) : "");
    if (!summary.files.empty()) {
        std::size_t width = 0;
        for (const FileSummary& file : summary.files) {
            width = std::max(width, file.file.size());
        }
        out << "by file:\n";
        for (const FileSummary& file : summary.files) {
            out << fmt::format("  {:<{}}  {:>6}  {}/{} detected\n", file.file, width, score_text(file.counts),
                               file.counts.detected(), file.counts.valid());
        }
    }
    if (!summary.survivors.empty()) {
        out << "surviving mutants:\n";
        for (const SummaryMutant& mutant : summary.survivors) {
            out << fmt::format("  {}:{}:{}  {}  {}  [{}]  {}\n", mutant.file, mutant.line, mutant.column,
                               mutant.mutator, mutant.description, status_name(mutant.status), mutant.id);
        }
    }
    if (!summary.slowest.empty()) {
        out << "slowest mutants:\n";
        for (const SummaryMutant& mutant : summary.slowest) {
            out << fmt::format("  {:>7}  {}:{}:{}  {}  [{}]  {}\n", seconds(mutant.duration), mutant.file,
                               mutant.line, mutant.column, mutant.mutator, status_name(mutant.status),
                               mutant.id);
        }
    }
    const std::string phases = phases_text(summary.times);
    out << fmt::format("time: {}{}; {} mutants, {} tests\n", seconds(summary.times.total()),
                       phases.empty() ? "" : " (" + phases + ")", counts.total(), summary.tests);
    for (const std::filesystem::path& file : files) {
        out << "report: " << file.string() << "\n";
    }
}

int gate(const nlohmann::ordered_json& report, std::ostream& err) {
    const std::optional<double> threshold = report_thresholds(report).break_at;
    if (!threshold) {
        return mlab::kExitSuccess;
    }
    const ScoreCounts counts = summarize_report(report).counts;
    if (counts.has_score() && counts.score() < *threshold) {
        err << fmt::format("mutator: mutation score {:.1f}% is below the break threshold {:g}%\n",
                           counts.score(), *threshold);
        return mlab::kExitVerdictNo;
    }
    return mlab::kExitSuccess;
}

}  // namespace mutator::cli

#include "mutator/schemata.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "mlab/common/hash.hpp"
#include "mutator/mutation_text.hpp"

namespace mutator {
namespace {

// The runtime is compiled into every instrumented translation unit. Function-local statics in inline
// functions are merged by the linker, so a program has one state however many files include it.
constexpr std::string_view kRuntime =
    R"(// The mutant schemata runtime, written by `mutator run`. Not part of the project's sources.
#ifndef MLAB_MUTATOR_SCHEMATA_RUNTIME_H
#define MLAB_MUTATOR_SCHEMATA_RUNTIME_H
#include <cstdlib>
#include <fcntl.h>
#include <unistd.h>
#ifdef __linux__
#include <csignal>
#include <sys/prctl.h>
#endif

namespace mlab_schemata {

// Read from the environment once, on first use. Zero-initialized (constant initialization, no guard), so
// the hot checks below are plain loads and it is usable before any dynamic initializer has run.
struct State {
    int ready;                // 2: the fields below are set; 1: a thread is setting them
    int coverage_fd;          // -1: coverage is not recorded
    unsigned long active;     // the active mutant's number, 0: none
    unsigned long function;   // the number of the function body it is in, 0: none
    unsigned char* seen;      // one byte per site number below kSeenCapacity
};

const unsigned long kSeenCapacity = 1UL << 22;

inline State& raw_state() {
    static State instance;
    return instance;
}

__attribute__((noinline, cold)) inline void set_up(State& state) {
    int expected = 0;
    if (!__atomic_compare_exchange_n(&state.ready, &expected, 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
        while (__atomic_load_n(&state.ready, __ATOMIC_ACQUIRE) != 2) {
        }
        return;
    }
    state.coverage_fd = -1;
    if (const char* active = std::getenv("MUTATOR_ACTIVE_MUTANT")) {
        state.active = std::strtoul(active, nullptr, 10);
#ifdef __linux__
        // A mutant that loops forever must not outlive the runner that started it.
        if (state.active != 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
        }
#endif
    }
    if (const char* function = std::getenv("MUTATOR_ACTIVE_FUNCTION")) {
        state.function = std::strtoul(function, nullptr, 10);
    }
    if (const char* path = std::getenv("MUTATOR_COVERAGE_FILE")) {
        state.seen = static_cast<unsigned char*>(std::calloc(kSeenCapacity, 1));
        state.coverage_fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    }
    __atomic_store_n(&state.ready, 2, __ATOMIC_RELEASE);
}

inline State& state() {
    State& current = raw_state();
    if (__builtin_expect(__atomic_load_n(&current.ready, __ATOMIC_ACQUIRE) != 2, 0)) {
        set_up(current);
    }
    return current;
}

__attribute__((noinline, cold)) inline void record(State& current, unsigned long number) {
    if (current.seen != nullptr && number < kSeenCapacity &&
        __atomic_exchange_n(&current.seen[number], static_cast<unsigned char>(1), __ATOMIC_RELAXED) != 0) {
        return;
    }
    char line[24];
    int length = 0;
    char digits[20];
    int count = 0;
    do {
        digits[count++] = static_cast<char>('0' + number % 10);
        number /= 10;
    } while (number != 0);
    while (count > 0) {
        line[length++] = digits[--count];
    }
    line[length++] = '\n';
    // One write of a short line with O_APPEND: lines from several processes never interleave.
    if (write(current.coverage_fd, line, static_cast<unsigned long>(length)) < 0) {
        return;
    }
}

// Records that a site was reached: after the first time, one load and one branch, no system call.
inline void reach(State& current, unsigned long number) {
    if (current.coverage_fd < 0) {
        return;
    }
    if (current.seen != nullptr && number < kSeenCapacity &&
        __atomic_load_n(&current.seen[number], __ATOMIC_RELAXED) != 0) {
        return;
    }
    record(current, number);
}

inline bool switched_on(unsigned long number) {
    State& current = state();
    reach(current, number);
    return current.active == number;
}

// At the entry of a function body held twice: the instrumented copy runs only while coverage is recorded
// or the active mutant is in this function; otherwise the untouched original does, at its own speed.
inline bool function_on(unsigned long function) {
    const State& current = state();
    return __builtin_expect(current.coverage_fd >= 0 || current.function == function, 0);
}

}  // namespace mlab_schemata

// Never true while the compiler evaluates a constant expression: a mutant is a run-time choice.
constexpr bool mlab_mut_on(unsigned long number) {
    return __builtin_is_constant_evaluated() ? false : mlab_schemata::switched_on(number);
}

constexpr bool mlab_fn_on(unsigned long function) {
    return __builtin_is_constant_evaluated() ? false : mlab_schemata::function_on(function);
}

inline void mlab_mut_reach(unsigned long number) { mlab_schemata::reach(mlab_schemata::state(), number); }

// Number 0 is no site: an instrumented program records it as it starts, before main, so the run can tell
// a test that ran no instrumented code from one whose coverage file went missing.
namespace mlab_schemata {
__attribute__((constructor)) static void record_start() { reach(state(), 0); }
}  // namespace mlab_schemata

#endif
)";

struct Node {
    std::uint32_t begin = 0, end = 0;
    Placement placement = Placement::Expression;
    std::vector<NumberedSite> sites;
    std::vector<std::size_t> children;
    std::uint32_t function = 0;  // not 0: a function body held twice, switched by mlab_fn_on(function)
};

std::string quoted_path(const std::string& path) {
    std::string out = "\"";
    for (const char c : path) {
        if (c == '"' || c == '\\') {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

class SchemataRenderer {
  public:
    SchemataRenderer(std::string_view text, const std::set<std::uint32_t>& probes)
        : text_(text), probes_(probes) {
        line_starts_.push_back(0);
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '\n') {
                line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
            }
        }
    }

    // Groups the sites by the code they wrap and nests the groups by containment.
    void build(const std::vector<NumberedSite>& sites, std::vector<std::uint32_t>* out_of_place) {
        std::map<std::tuple<std::uint32_t, std::uint32_t, int>, std::size_t> by_range;
        for (const NumberedSite& numbered : sites) {
            const MutationSite& site = *numbered.site;
            const std::uint32_t end = site.node_offset + site.node_length;
            if (end > text_.size()) {
                if (out_of_place != nullptr) {
                    out_of_place->push_back(numbered.number);
                }
                continue;
            }
            const auto key = std::make_tuple(site.node_offset, end, static_cast<int>(site.placement));
            auto [it, inserted] = by_range.emplace(key, nodes_.size());
            if (inserted) {
                nodes_.push_back(Node{site.node_offset, end, site.placement, {}, {}});
            }
            nodes_[it->second].sites.push_back(numbered);
            if (numbered.function != 0 && site.body_length > 0 &&
                site.body_offset + site.body_length <= text_.size()) {
                const auto body = std::make_tuple(site.body_offset, site.body_offset + site.body_length, -1);
                if (by_range.emplace(body, nodes_.size()).second) {
                    Node node;
                    node.begin = site.body_offset;
                    node.end = site.body_offset + site.body_length;
                    node.function = numbered.function;
                    nodes_.push_back(node);
                }
            }
        }
        std::vector<std::size_t> order(nodes_.size());
        for (std::size_t i = 0; i < order.size(); ++i) {
            order[i] = i;
        }
        std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
            if (nodes_[a].begin != nodes_[b].begin) {
                return nodes_[a].begin < nodes_[b].begin;
            }
            if (nodes_[a].end != nodes_[b].end) {
                return nodes_[a].end > nodes_[b].end;
            }
            if ((nodes_[a].function != 0) != (nodes_[b].function != 0)) {
                return nodes_[a].function != 0;  // a body holds the statements it is made of
            }
            return nodes_[a].placement == Placement::Statement && nodes_[b].placement != Placement::Statement;
        });
        std::vector<std::size_t> stack;
        for (const std::size_t index : order) {
            const Node& node = nodes_[index];
            while (!stack.empty() && nodes_[stack.back()].end <= node.begin) {
                stack.pop_back();
            }
            if (!stack.empty() && node.end > nodes_[stack.back()].end) {
                // Overlaps its neighbour only in part (macro-expanded code): it cannot be placed.
                for (const NumberedSite& numbered : node.sites) {
                    if (out_of_place != nullptr) {
                        out_of_place->push_back(numbered.number);
                    }
                }
                continue;
            }
            (stack.empty() ? roots_ : nodes_[stack.back()].children).push_back(index);
            stack.push_back(index);
        }
    }

    std::string render_file() {
        return render_range(0, static_cast<std::uint32_t>(text_.size()), roots_, nullptr);
    }

  private:
    std::string render_range(std::uint32_t begin, std::uint32_t end, const std::vector<std::size_t>& children,
                             const MutationSite* change) {
        std::string out;
        std::size_t next_child = 0;
        bool changed = false;
        std::uint32_t position = begin;
        while (position < end) {
            if (change != nullptr && !changed && position == change->offset) {
                out += change->replacement;
                position += change->length;
                changed = true;
                continue;
            }
            while (next_child < children.size() && nodes_[children[next_child]].begin < position) {
                ++next_child;
            }
            if (next_child < children.size() && nodes_[children[next_child]].begin == position) {
                const Node& child = nodes_[children[next_child]];
                ++next_child;
                // A child the change falls into is copied as written in this branch.
                const bool hit = change != nullptr && change->offset < child.end &&
                                 child.begin < change->offset + change->length;
                if (!hit) {
                    out += render_node(child);
                    position = child.end;
                    continue;
                }
            }
            out += text_[position++];
        }
        if (change != nullptr && !changed && change->offset == end) {
            out += change->replacement;
        }
        return out;
    }

    std::string render_node(const Node& node) {
        if (node.function != 0) {
            // `{ if (mlab_fn_on(F)) <instrumented body> else <original body> }`: the original copy comes
            // last and restarts the line count, so the lines after it keep their numbers.
            return fmt::format("{{ if (mlab_fn_on({})) {} else \n#line {}\n{} }}", node.function,
                               render_range(node.begin, node.end, node.children, nullptr),
                               line_of(node.begin), text_.substr(node.begin, node.end - node.begin));
        }
        const std::string original = render_range(node.begin, node.end, node.children, nullptr);
        // A branch that spans lines restarts the line count, so the original keeps its line numbers.
        const bool spans_lines =
            text_.substr(node.begin, node.end - node.begin).find('\n') != std::string::npos;
        const std::string restart_line = spans_lines ? fmt::format("\n#line {}\n", line_of(node.begin)) : "";
        std::vector<const NumberedSite*> switched;
        std::vector<const NumberedSite*> probed;
        for (const NumberedSite& numbered : node.sites) {
            (probes_.count(numbered.number) != 0 ? probed : switched).push_back(&numbered);
        }
        std::string out;
        if (node.placement == Placement::Expression) {
            // In a braced initializer a run-time choice would be a narrowing conversion: cast it back.
            std::string cast;
            for (const NumberedSite& numbered : node.sites) {
                if (!numbered.site->schemata_cast.empty()) {
                    cast = numbered.site->schemata_cast;
                }
            }
            out += cast.empty() ? "(" : "static_cast<" + cast + ">(";
            for (const NumberedSite* numbered : probed) {
                out += fmt::format("mlab_mut_reach({}), ", numbered->number);
            }
            for (const NumberedSite* numbered : switched) {
                out += fmt::format("mlab_mut_on({}) ? ({}{}) : ", numbered->number, restart_line,
                                   render_range(node.begin, node.end, node.children, numbered->site));
            }
            out += "(" + restart_line + original + "))";
            return out;
        }
        if (!probed.empty()) {
            out += "{ ";
            for (const NumberedSite* numbered : probed) {
                out += fmt::format("mlab_mut_reach({}); ", numbered->number);
            }
        }
        if (switched.empty()) {
            out += original;
        } else {
            for (std::size_t i = 0; i < switched.size(); ++i) {
                out += fmt::format("{}if (mlab_mut_on({})) {{ {}{} }}", i == 0 ? "" : " else ",
                                   switched[i]->number, restart_line,
                                   render_range(node.begin, node.end, node.children, switched[i]->site));
            }
            out += " else { " + restart_line + original + " }";
        }
        if (!probed.empty()) {
            out += " }";
        }
        return out;
    }

    std::uint32_t line_of(std::uint32_t offset) const {
        const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
        return static_cast<std::uint32_t>(it - line_starts_.begin());
    }

    std::string_view text_;
    const std::set<std::uint32_t>& probes_;
    std::vector<std::uint32_t> line_starts_;
    std::vector<Node> nodes_;
    std::vector<std::size_t> roots_;
};

}  // namespace

std::string schemata_runtime_header() {
    return std::string(kRuntime);
}

std::string rewrite_with_schemata(std::string_view original, const std::vector<NumberedSite>& sites,
                                  const std::set<std::uint32_t>& probes, const std::string& original_path,
                                  const std::string& runtime_include,
                                  std::vector<std::uint32_t>* sites_out_of_place) {
    SchemataRenderer renderer(original, probes);
    renderer.build(sites, sites_out_of_place);
    return fmt::format("#include {}\n#line 1 {}\n", quoted_path(runtime_include),
                       quoted_path(original_path)) +
           renderer.render_file();
}

std::string rewrite_with_one_mutant(std::string_view original, const MutationSite& site,
                                    const std::string& original_path) {
    return plain_copy(apply_site(original, site), original_path);
}

std::string plain_copy(std::string_view original, const std::string& original_path) {
    return fmt::format("#line 1 {}\n", quoted_path(original_path)) + std::string(original);
}

std::filesystem::path plain_copy_path(const std::filesystem::path& file) {
    return file.parent_path() / ("." + file.filename().string() + ".mlab-plain");
}

std::string equivalence_macro(const std::filesystem::path& file) {
    return "MLAB_EQUIVALENCE_IN_" + mlab::to_hex(mlab::fnv1a64(file.generic_string()));
}

std::string equivalence_wrapper(std::string_view schemata_text, const std::filesystem::path& file) {
    const std::string ending = !schemata_text.empty() && schemata_text.back() != '\n' ? "\n" : "";
    return fmt::format(
        "#if defined(MLAB_EQUIVALENCE) && defined({0})\n#include MLAB_EQUIVALENCE_TEXT\n"
        "#elif defined(MLAB_EQUIVALENCE)\n#include {1}\n#else\n{2}{3}#endif\n",
        equivalence_macro(file), quoted_path(plain_copy_path(file).filename().string()), schemata_text,
        ending);
}

}  // namespace mutator

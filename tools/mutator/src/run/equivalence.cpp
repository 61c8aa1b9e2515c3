#include "equivalence.hpp"

#include <cxxabi.h>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "mlab/common/cmake_cache.hpp"
#include "mlab/common/diagnostics.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/hash.hpp"
#include "mlab/common/process.hpp"
#include "mlab/common/text.hpp"
#include "mutator/schemata.hpp"
#include "pool.hpp"

namespace mutator {
namespace fs = std::filesystem;
namespace {

// A header's mutants are looked for in at most this many of the units that include it (the first ones of
// the build), each compiled once to see which functions it emits.
constexpr std::size_t kMostUnitsPerHeader = 8;

// Part of every cache key: a new layout of the cached values (or a new way to compare) starts afresh.
constexpr std::string_view kCacheLayout = "equivalence-6";

std::string code_hash(std::string_view text) {
    return mlab::to_hex(mlab::mix64(mlab::fnv1a64(text))) +
           mlab::to_hex(mlab::fnv1a64(text, 0x9e3779b97f4a7c15ULL));
}

bool identifier_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// The work on one translation unit: its cache key, its plain code, the functions it exports.
struct UnitCheck {
    const CompileUnit* unit = nullptr;
    std::vector<std::string> command;  // to assembly, the project's plain code
    std::string key;                   // the command and the preprocessed text
    std::size_t size = 0;              // of the preprocessed text: what a compile of it costs
    std::string plain;                 // the code hash
    std::set<std::string> exported;    // exported_functions()
    bool usable = false;
    std::string failure;  // why not
};
class Compiler {
  public:
    Compiler(ResultsStore& store, const std::atomic<bool>* cancel) : store_(store), cancel_(cancel) {}

    // The assembly (or the preprocessed text) of `command`; nullopt and `failure` set when it fails.
    std::optional<std::string> run(const CompileUnit& unit, const std::vector<std::string>& command,
                                   std::string& failure) {
        mlab::ProcessOptions options;
        options.working_directory = unit.directory;
        options.timeout = std::chrono::minutes(10);
        options.cancel = cancel_;
        mlab::ProcessResult result = mlab::run_process(command, options);
        if (!result.succeeded()) {
            failure = mlab::first_error_line(result.standard_error);
            if (failure.empty()) {
                failure = fmt::format("the compiler exited with {}", result.exit_code);
            }
            return std::nullopt;
        }
        return std::move(result.standard_output);
    }

    // The value stored under `key`, or what `compute` finds (stored when it is not empty).
    template <typename Compute>
    std::string cached(const std::string& key, Compute compute) {
        if (std::optional<std::string> stored = store_.compiled(key)) {
            const std::lock_guard lock(mutex_);
            ++cached_;
            return *stored;
        }
        {
            const std::lock_guard lock(mutex_);
            ++compiles_;
        }
        std::string value = compute();
        if (!value.empty()) {
            store_.save_compiled(key, value);
        }
        return value;
    }

    std::size_t compiles() const { return compiles_; }
    std::size_t cached_count() const { return cached_; }

  private:
    ResultsStore& store_;
    const std::atomic<bool>* cancel_;
    std::mutex mutex_;
    std::size_t compiles_ = 0, cached_ = 0;
};

void check_unit(UnitCheck& check, Compiler& compiler, const std::vector<std::string>& added_flags) {
    check.command = assembly_command(*check.unit);
    check.command.insert(check.command.end(), added_flags.begin(), added_flags.end());
    check.command.emplace_back("-DMLAB_EQUIVALENCE");
    std::vector<std::string> preprocess = check.command;
    preprocess.erase(std::find(preprocess.begin(), preprocess.end(), "-S"));
    preprocess.emplace_back("-E");
    const std::optional<std::string> text = compiler.run(*check.unit, preprocess, check.failure);
    if (!text) {
        return;
    }
    check.key = fmt::format("{}:{}", kCacheLayout,
                            code_hash(fmt::format("{}\n{}", fmt::join(check.command, "\n"), *text)));
    check.size = text->size();
    // The code hash, and then one exported function per line.
    const std::string plain = compiler.cached(check.key + ":plain", [&] {
        const std::optional<std::string> code = compiler.run(*check.unit, check.command, check.failure);
        if (!code) {
            return std::string();
        }
        return fmt::format("{}\n{}", code_hash(normalized_assembly(*code)),
                           fmt::join(exported_functions(*code), "\n"));
    });
    if (plain.empty()) {
        return;
    }
    const std::vector<std::string_view> lines = mlab::split_lines(plain);
    check.plain = std::string(lines.front());
    for (std::size_t i = 1; i < lines.size(); ++i) {
        check.exported.emplace(lines[i]);
    }
    check.usable = true;
}

// Which units compile each mutated file: the unit of a source file, the units whose dependency file names a
// header.
class UnitsOfFiles {
  public:
    explicit UnitsOfFiles(const MutantBuild& build) : build_(build) {}

    std::vector<std::size_t> of(const fs::path& original) {
        const fs::path mirrored = build_.mirrored(original).lexically_normal();
        const std::vector<CompileUnit>& units = build_.units();
        std::vector<std::size_t> out;
        for (std::size_t u = 0; u < units.size(); ++u) {
            if (units[u].source == mirrored) {
                out.push_back(u);
            }
        }
        if (!out.empty()) {
            return out;
        }
        read_dependency_files();
        const auto found = includers_.find(mirrored);
        return found == includers_.end() ? out : found->second;
    }

  private:
    void read_dependency_files() {
        if (read_) {
            return;
        }
        read_ = true;
        const std::vector<CompileUnit>& units = build_.units();
        // Ninja reads each dependency file into its own log and deletes it; `ninja -t deps` prints the log.
        const std::string ninja = mlab::cmake_cache_value(build_.build_dir(), "CMAKE_MAKE_PROGRAM");
        if (fs::exists(build_.build_dir() / "build.ninja") && !ninja.empty()) {
            const mlab::ProcessResult deps =
                mlab::run_process({ninja, "-C", build_.build_dir().string(), "-t", "deps"});
            std::map<std::string, std::vector<fs::path>> by_object =
                ninja_dependencies(deps.standard_output, build_.build_dir());
            for (std::size_t u = 0; u < units.size(); ++u) {
                for (const fs::path& input : by_object[units[u].object]) {
                    includers_[input].push_back(u);
                }
            }
            return;
        }
        for (std::size_t u = 0; u < units.size(); ++u) {
            std::error_code error;
            if (units[u].depfile.empty() || !fs::exists(units[u].depfile, error)) {
                continue;
            }
            for (const fs::path& input :
                 dependency_file_inputs(mlab::read_file(units[u].depfile), units[u].directory)) {
                includers_[input].push_back(u);
            }
        }
    }

    const MutantBuild& build_;
    bool read_ = false;
    std::map<fs::path, std::vector<std::size_t>> includers_;
};

struct Survivor {
    std::size_t index = 0;            // into the states
    bool in_header = false;           // in a file that is not a unit's source
    std::vector<std::size_t> units;   // indexes into the unit checks
    std::vector<std::string> hashes;  // by unit, "" when its compile failed
};

class EquivalencePhase {
  public:
    EquivalencePhase(const std::vector<SiteState>& states, MutantsDone& done, const MutantBuild& build,
                     ResultsStore& store, const EquivalenceOptions& options)
        : states_(states), done_(done), build_(build), compiler_(store, options.cancel), options_(options) {}

    EquivalenceDone run() {
        EquivalenceDone out;
        find_survivors(out);
        parallel_for(
            checks_.size(), options_.jobs,
            [&](std::size_t u) { check_unit(checks_[u], compiler_, options_.added_flags); },
            [&] { return cancelled(); });
        compile_mutants();
        if (!cancelled()) {
            judge(out);
        }
        out.compiles = compiler_.compiles();
        out.cached = compiler_.cached_count();
        return out;
    }

    std::vector<std::string> failures() const {
        std::vector<std::string> out;
        for (const UnitCheck& check : checks_) {
            if (!check.usable && !check.failure.empty()) {
                out.push_back(fmt::format("{}: {}", check.unit->source.filename().string(), check.failure));
            }
        }
        return out;
    }

  private:
    bool cancelled() const { return options_.cancel != nullptr && options_.cancel->load(); }

    void find_survivors(EquivalenceDone& out) {
        UnitsOfFiles units_of(build_);
        std::map<std::size_t, std::size_t> check_of_unit;
        for (std::size_t i = 0; i < states_.size(); ++i) {
            const std::optional<MutantResult>& result = done_.results[i];
            if (!result || result->status != MutantStatus::Survived) {
                continue;
            }
            ++out.survivors;
            if (options_.originals == nullptr || options_.originals->count(states_[i].original) == 0) {
                continue;
            }
            Survivor survivor;
            survivor.index = i;
            const std::vector<std::size_t> units = units_of.of(states_[i].original);
            survivor.in_header =
                !units.empty() && build_.units()[units.front()].source !=
                                      build_.mirrored(states_[i].original).lexically_normal();
            for (const std::size_t u : units) {
                if (survivor.units.size() == kMostUnitsPerHeader) {
                    break;
                }
                const auto [it, added] = check_of_unit.emplace(u, checks_.size());
                if (added) {
                    checks_.emplace_back().unit = &build_.units()[u];
                }
                survivor.units.push_back(it->second);
            }
            survivors_.push_back(std::move(survivor));
        }
    }

    // The units a survivor is compared in. A source file's: every unit that compiles it. A header's code is
    // inlined into its callers, where their arguments may make a mutant the same code, and a new test could
    // call it with others: so a header's mutant is compared in one unit, the cheapest that emits its
    // function as one any caller may call (the same code there is the same function), or none.
    void choose_units(Survivor& survivor) const {
        const SiteState& state = states_[survivor.index];
        std::vector<std::size_t> chosen;
        for (const std::size_t u : survivor.units) {
            const UnitCheck& check = checks_[u];
            if (!check.usable) {
                continue;
            }
            if (!survivor.in_header) {
                chosen.push_back(u);
            } else if (check.exported.count(state.site->function) > 0 &&
                       (chosen.empty() || check.size < checks_[chosen.front()].size)) {
                chosen = {u};
            }
        }
        survivor.units = std::move(chosen);
        survivor.hashes.assign(survivor.units.size(), std::string());
    }

    // The survivor's code in one unit: its file's wrapper reads the file with only this mutant applied,
    // written beside the mirrored file (so its quoted includes resolve) for the compile.
    std::string compile(const Survivor& survivor, std::size_t k) {
        const SiteState& state = states_[survivor.index];
        const UnitCheck& check = checks_[survivor.units[k]];
        const std::string text = rewrite_with_one_mutant(options_.originals->at(state.original), *state.site,
                                                         state.original.string());
        return compiler_.cached(fmt::format("{}:{}", check.key, code_hash(text)), [&] {
            const fs::path mirrored = build_.mirrored(state.original);
            const fs::path file =
                mirrored.parent_path() / fmt::format(".{}.mlab-eq-{}-{}", mirrored.filename().string(),
                                                     state.number, survivor.units[k]);
            mlab::write_file_atomic(file, text);
            std::vector<std::string> command = check.command;
            command.push_back("-D" + equivalence_macro(state.original));
            command.push_back(fmt::format("-DMLAB_EQUIVALENCE_TEXT=\"{}\"", file.string()));
            std::string failure;
            const std::optional<std::string> code = compiler_.run(*check.unit, command, failure);
            std::error_code ignored;
            fs::remove(file, ignored);
            return code ? code_hash(normalized_assembly(*code)) : std::string();
        });
    }

    void compile_mutants() {
        std::vector<std::pair<std::size_t, std::size_t>> work;  // survivor, its unit's position
        for (std::size_t s = 0; s < survivors_.size(); ++s) {
            choose_units(survivors_[s]);
            for (std::size_t k = 0; k < survivors_[s].units.size(); ++k) {
                work.emplace_back(s, k);
            }
        }
        parallel_for(
            work.size(), options_.jobs,
            [&](std::size_t w) {
                const auto [s, k] = work[w];
                survivors_[s].hashes[k] = compile(survivors_[s], k);
            },
            [&] { return cancelled(); });
    }

    // Equivalent: the same code as the plain code in every unit it is compared in. Otherwise its code in
    // those units is its signature; a survivor with the signature of an earlier one of its file (in report
    // order: line, column, id) is its duplicate.
    void judge(EquivalenceDone& out) {
        const auto report_order = [&](const Survivor& a, const Survivor& b) {
            const MutationSite& x = *states_[a.index].site;
            const MutationSite& y = *states_[b.index].site;
            return std::tie(x.file, x.line, x.column, x.id) < std::tie(y.file, y.line, y.column, y.id);
        };
        std::sort(survivors_.begin(), survivors_.end(), report_order);
        std::map<std::string, std::size_t> first_with;  // file and signature → state index
        for (const Survivor& survivor : survivors_) {
            std::string signature;
            bool same_as_plain = true;
            for (std::size_t k = 0; k < survivor.units.size(); ++k) {
                const UnitCheck& check = checks_[survivor.units[k]];
                if (survivor.hashes[k].empty()) {  // its compile failed: no verdict
                    signature.clear();
                    break;
                }
                signature += fmt::format("{}={};", check.unit->object, survivor.hashes[k]);
                same_as_plain = same_as_plain && survivor.hashes[k] == check.plain;
            }
            MutantResult& result = *done_.results[survivor.index];
            const MutationSite& site = *states_[survivor.index].site;
            if (signature.empty()) {
                ++out.unchecked;
                continue;
            }
            if (same_as_plain) {
                result.status = MutantStatus::Ignored;
                result.reason = std::string(kEquivalentReason);
                ++out.equivalent;
                continue;
            }
            result.code = code_hash(signature);
            const auto [it, added] = first_with.emplace(site.file + "\n" + result.code, survivor.index);
            if (!added) {
                result.status = MutantStatus::Ignored;
                result.reason = std::string(kDuplicateReason) + states_[it->second].site->id;
                ++out.duplicates;
            }
        }
        out.unchecked += out.survivors - survivors_.size();
    }

    const std::vector<SiteState>& states_;
    MutantsDone& done_;
    const MutantBuild& build_;
    Compiler compiler_;
    const EquivalenceOptions& options_;
    std::vector<UnitCheck> checks_;
    std::vector<Survivor> survivors_;
};

}  // namespace

std::string normalized_assembly(std::string_view assembly) {
    std::map<std::string, std::size_t, std::less<>> labels;
    std::string out;
    out.reserve(assembly.size());
    for (const std::string_view line : mlab::split_lines(assembly)) {
        const std::size_t start = line.find_first_not_of(" \t");
        const std::string_view body =
            start == std::string_view::npos ? std::string_view() : line.substr(start);
        if (body.empty() || body.front() == '#' || body.rfind(".file", 0) == 0 ||
            body.rfind(".ident", 0) == 0) {
            continue;
        }
        for (std::size_t i = 0; i < body.size();) {
            if (body.compare(i, 2, ".L") != 0 || (i > 0 && identifier_char(body[i - 1]))) {
                out += body[i++];
                continue;
            }
            std::size_t end = i + 2;
            while (end < body.size() && std::isalpha(static_cast<unsigned char>(body[end])) != 0) {
                ++end;
            }
            const std::size_t digits = end;
            while (end < body.size() && std::isdigit(static_cast<unsigned char>(body[end])) != 0) {
                ++end;
            }
            if (end == digits || (end < body.size() && identifier_char(body[end]))) {
                out.append(body.substr(i, end - i));
            } else {
                const std::string_view label = body.substr(i, end - i);
                const auto found = labels.try_emplace(std::string(label), labels.size()).first;
                out += fmt::format("{}#{}", body.substr(i, digits - i), found->second);
            }
            i = end;
        }
        out += '\n';
    }
    return out;
}

std::vector<std::string> assembly_command(const CompileUnit& unit) {
    std::vector<std::string> command;
    for (std::string& argument : check_command(unit, unit.source)) {
        const bool dropped = argument.rfind("-O", 0) == 0 || argument.rfind("-g", 0) == 0 ||
                             argument == "--coverage" || argument == "-fprofile-arcs" ||
                             argument == "-ftest-coverage" || argument.rfind("-fsanitize", 0) == 0 ||
                             argument.rfind("-Werror", 0) == 0;
        if (!dropped) {
            command.push_back(std::move(argument));
        }
    }
    for (const char* added : {"-O2", "-g0", "-w", "-S", "-o", "-"}) {
        command.emplace_back(added);
    }
    return command;
}

std::string function_name(std::string_view symbol) {
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> demangled(
        abi::__cxa_demangle(std::string(symbol).c_str(), nullptr, nullptr, &status), std::free);
    const std::string_view name = status == 0 && demangled ? std::string_view(demangled.get()) : symbol;
    std::string out;
    int depth = 0;
    for (const char c : name) {
        if (c == '<') {
            ++depth;
        } else if (c == '>' && depth > 0) {
            --depth;
        } else if (depth == 0 && c == '(' && !out.empty() && out.back() != ' ') {
            break;
        } else if (depth == 0) {
            out += c;
        }
    }
    return out;
}

std::set<std::string> exported_functions(std::string_view assembly) {
    std::set<std::string, std::less<>> exported;   // .globl and .weak symbols
    std::set<std::string, std::less<>> functions;  // `.type NAME, @function`
    std::set<std::string> out;
    for (const std::string_view line : mlab::split_lines(assembly)) {
        const std::string_view body = line.substr(std::min(line.size(), line.find_first_not_of(" \t")));
        for (const std::string_view directive : {std::string_view(".globl\t"), std::string_view(".weak\t")}) {
            if (body.rfind(directive, 0) == 0) {
                exported.insert(std::string(mlab::trim(body.substr(directive.size()))));
            }
        }
        constexpr std::string_view kType = ".type\t", kFunction = ", @function";
        if (body.rfind(kType, 0) == 0 && body.size() > kType.size() + kFunction.size() &&
            body.substr(body.size() - kFunction.size()) == kFunction) {
            functions.insert(std::string(
                mlab::trim(body.substr(kType.size(), body.size() - kType.size() - kFunction.size()))));
        }
        // A symbol's label: its code follows. Not a clone specialised for this unit's callers.
        if (!line.empty() && line.front() != '\t' && line.front() != ' ' && line.back() == ':' &&
            line.rfind(".L", 0) != 0) {
            const std::string_view symbol = line.substr(0, line.size() - 1);
            if (symbol.find('.') == std::string_view::npos && exported.count(symbol) > 0 &&
                functions.count(symbol) > 0) {
                out.insert(function_name(symbol));
            }
        }
    }
    return out;
}

std::vector<fs::path> dependency_file_inputs(std::string_view text, const fs::path& directory) {
    std::vector<fs::path> out;
    std::string word;
    bool target = true;  // the words before the first `:` are targets
    const auto end_word = [&] {
        if (!word.empty() && !target) {
            const fs::path path(word);
            out.push_back((path.is_absolute() ? path : directory / path).lexically_normal());
        }
        word.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size() && (text[i + 1] == '\n' || text[i + 1] == '\r')) {
            end_word();
            i += text.compare(i + 1, 2, "\r\n") == 0 ? 2 : 1;  // the line goes on
        } else if (c == '\\' && i + 1 < text.size() && text[i + 1] == ' ') {
            word += ' ';
            ++i;
        } else if (c == ':' && target &&
                   (i + 1 == text.size() || std::isspace(static_cast<unsigned char>(text[i + 1])) != 0)) {
            word.clear();
            target = false;
        } else if (c == '\n') {
            end_word();
            target = true;
        } else if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            end_word();
        } else {
            word += c;
        }
    }
    end_word();
    return out;
}

std::map<std::string, std::vector<fs::path>> ninja_dependencies(std::string_view text,
                                                                const fs::path& build_dir) {
    // "OBJECT: #deps 83, deps mtime 1700000000 (VALID)" and then one indented input per line.
    std::map<std::string, std::vector<fs::path>> out;
    std::vector<fs::path>* current = nullptr;
    for (const std::string_view line : mlab::split_lines(text)) {
        if (line.empty()) {
            current = nullptr;
        } else if (line.front() == ' ' || line.front() == '\t') {
            if (current != nullptr) {
                const fs::path input(mlab::trim(line));
                current->push_back((input.is_absolute() ? input : build_dir / input).lexically_normal());
            }
        } else if (const std::size_t colon = line.find(": #deps"); colon != std::string_view::npos) {
            current = &out[std::string(line.substr(0, colon))];
        }
    }
    return out;
}

EquivalenceDone mark_equivalent_mutants(const std::vector<SiteState>& states, MutantsDone& done,
                                        const MutantBuild& build, ResultsStore& store,
                                        const EquivalenceOptions& options, RunObserver& observer) {
    const auto started = std::chrono::steady_clock::now();
    EquivalencePhase phase(states, done, build, store, options);
    EquivalenceDone out = phase.run();
    out.elapsed = mlab::milliseconds_since(started);
    for (const std::string& failure : phase.failures()) {
        observer.note("equivalence: not checked in " + failure);
    }
    return out;
}

}  // namespace mutator

// The review ledger: a JSON file of every decision, written atomically.

#include "curator/ledger.hpp"
#include "curator/sidecar.hpp"

#include <ctime>

#include <fmt/format.h>

#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"
#include "mlab/common/hash.hpp"

namespace curator {
namespace fs = std::filesystem;
using ordered_json = nlohmann::ordered_json;

namespace {

constexpr int kLedgerVersion = 1;

Decision parse_decision(const std::string& name) {
    for (const Decision decision :
         {Decision::pending, Decision::kept, Decision::fixed, Decision::discarded}) {
        if (decision_name(decision) == name) {
            return decision;
        }
    }
    return Decision::none;
}

LedgerRecord record_from_json(const ordered_json& entry) {
    LedgerRecord record;
    record.file = entry.at("file").get<std::string>();
    record.test = entry.at("test").get<std::string>();
    record.decision = parse_decision(entry.at("decision").get<std::string>());
    record.reason = entry.value("reason", "");
    record.at = entry.value("at", "");
    record.body_hash = entry.value("body_hash", "");
    record.code_hash = entry.value("code_hash", "");
    record.by = entry.value("by", "");
    record.renamed_from = entry.value("renamed_from", "");
    record.source = entry.value("source", ordered_json());
    return record;
}

ordered_json record_to_json(const LedgerRecord& record) {
    ordered_json entry{
        {"file", record.file},     {"test", record.test}, {"decision", decision_name(record.decision)},
        {"reason", record.reason}, {"at", record.at},     {"body_hash", record.body_hash}};
    if (!record.code_hash.empty()) {
        entry["code_hash"] = record.code_hash;
    }
    entry["by"] = record.by;
    if (!record.renamed_from.empty()) {
        entry["renamed_from"] = record.renamed_from;
    }
    entry["source"] = record.source;
    return entry;
}

std::string content_hash(const std::string& content) {
    return mlab::to_hex(mlab::fnv1a64(content));
}

}  // namespace

std::string now_iso8601() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return {text, length};
}

fs::path Ledger::locate(const fs::path& file, const fs::path& override_path) {
    if (!override_path.empty()) {
        return mlab::canonical_or_same(override_path);
    }
    const fs::path start = mlab::canonical_or_same(file).parent_path();
    for (const char* marker : {".curator", ".git"}) {
        for (fs::path folder = start; !folder.empty(); folder = folder.parent_path()) {
            std::error_code error;
            if (fs::is_directory(folder / marker, error)) {
                return folder / ".curator" / "ledger.json";
            }
            if (folder == folder.parent_path()) {
                break;
            }
        }
    }
    return start / ".curator" / "ledger.json";
}

Ledger Ledger::load(const fs::path& path) {
    Ledger ledger;
    ledger.path_ = path;
    std::error_code error;
    if (!fs::exists(path, error)) {
        return ledger;
    }
    ordered_json document;
    try {
        document = ordered_json::parse(mlab::read_file(path));
    } catch (const nlohmann::json::parse_error& parse) {
        throw mlab::InputError(fmt::format("{}: not a ledger: {}", path.string(), parse.what()));
    }
    if (!document.is_object() || document.value("curator", "") != "ledger" ||
        !document.contains("decisions") || !document["decisions"].is_array()) {
        throw mlab::InputError(fmt::format(
            "{}: not a ledger (expected an object with \"curator\": \"ledger\" and \"decisions\")",
            path.string()));
    }
    for (const ordered_json& entry : document["decisions"]) {
        LedgerRecord record;
        try {
            record = record_from_json(entry);
        } catch (const nlohmann::json::exception& bad) {
            throw mlab::InputError(fmt::format("{}: decision {} is malformed: {}", path.string(),
                                               ledger.records_.size() + 1, bad.what()));
        }
        // A decision is one of the four; "none" only in the record of a `curator forget`.
        const bool forget = record.by == "forget" && entry.at("decision") == decision_name(Decision::none);
        if (record.decision == Decision::none && !forget) {
            throw mlab::InputError(fmt::format("{}: decision {} has an unknown decision \"{}\"",
                                               path.string(), ledger.records_.size() + 1,
                                               entry.at("decision").dump()));
        }
        ledger.records_.push_back(std::move(record));
    }
    return ledger;
}

fs::path Ledger::root() const {
    return path_.parent_path().parent_path();
}

std::string Ledger::key_of(const fs::path& file) const {
    const fs::path absolute = mlab::canonical_or_same(file);
    const std::optional<fs::path> relative = mlab::relative_inside(absolute, root());
    return relative ? relative->generic_string() : absolute.generic_string();
}

const LedgerRecord* Ledger::latest(const fs::path& file, const std::string& test) const {
    const std::string key = key_of(file);
    for (auto record = records_.rbegin(); record != records_.rend(); ++record) {
        if (record->file == key && record->test == test) {
            return &*record;
        }
    }
    return nullptr;
}

std::vector<const LedgerRecord*> Ledger::latest_of_file(const fs::path& file) const {
    const std::string key = key_of(file);
    std::vector<const LedgerRecord*> latest;
    std::map<std::string, std::size_t> at;
    for (const LedgerRecord& record : records_) {
        if (record.file != key) {
            continue;
        }
        if (const auto found = at.find(record.test); found != at.end()) {
            latest[found->second] = &record;
        } else {
            at[record.test] = latest.size();
            latest.push_back(&record);
        }
    }
    return latest;
}

bool Ledger::knows(const fs::path& file) const {
    const std::string key = key_of(file);
    for (const LedgerRecord& record : records_) {
        if (record.file == key) {
            return true;
        }
    }
    return false;
}

void Ledger::save() const {
    ordered_json document{
        {"curator", "ledger"}, {"version", kLedgerVersion}, {"decisions", ordered_json::array()}};
    for (const LedgerRecord& record : records_) {
        document["decisions"].push_back(record_to_json(record));
    }
    fs::create_directories(path_.parent_path());
    mlab::write_file_atomic(path_, document.dump(2) + "\n");
}

fs::path Ledger::intent_path() const {
    return path_.parent_path() / "intent.json";
}

void Ledger::begin(const LedgerRecord& record, const fs::path& file, const std::string& new_content) const {
    fs::create_directories(path_.parent_path());
    const ordered_json intent{{"record", record_to_json(record)},
                              {"path", mlab::canonical_or_same(file).string()},
                              {"content_hash", content_hash(new_content)}};
    mlab::write_file_atomic(intent_path(), intent.dump(2) + "\n");
}

void Ledger::commit(LedgerRecord record) {
    add(std::move(record));
    save();
    std::error_code ignored;
    fs::remove(intent_path(), ignored);
}

bool Ledger::finish_interrupted() {
    mlab::remove_stale_temporaries(path_);
    std::error_code error;
    if (!fs::exists(intent_path(), error)) {
        return false;
    }
    bool finished = false;
    try {
        const ordered_json intent = ordered_json::parse(mlab::read_file(intent_path()));
        const fs::path file = intent.at("path").get<std::string>();
        mlab::remove_stale_temporaries(file);
        const LedgerRecord record = record_from_json(intent.at("record"));
        const LedgerRecord* latest = this->latest(file, record.test);
        const bool recorded =
            latest != nullptr && latest->at == record.at && latest->decision == record.decision;
        // The file was written with the decision, the ledger was not: the ledger catches up. A file that
        // was not written (or was changed since) keeps what the ledger says.
        if (!recorded && fs::is_regular_file(file) &&
            content_hash(mlab::read_file(file)) == intent.at("content_hash").get<std::string>()) {
            add(record);
            save();
            finished = true;
        }
    } catch (const std::exception&) {
        // An intent that does not parse was cut short before the file was touched: nothing to finish.
    }
    fs::remove(intent_path(), error);
    return finished;
}

Ledger& Ledgers::of(const fs::path& file) {
    const fs::path path = Ledger::locate(file, override_path_);
    auto found = loaded_.find(path);
    if (found == loaded_.end()) {
        found = loaded_.emplace(path, Ledger::load(path)).first;
        found->second.finish_interrupted();
    }
    return found->second;
}

ordered_json provenance_of(const fs::path& file, const std::string& test) {
    const Sidecar sidecar = read_sidecar(file);
    if (!sidecar.present) {
        return nullptr;
    }
    ordered_json source{{"sidecar", sidecar.path.filename().string()},
                        {"generated", sidecar.date},
                        {"provider", sidecar.provider},
                        {"model", sidecar.model},
                        {"hand_written_sample", sidecar.hand_written_sample},
                        {"prompt", sidecar.prompt}};
    if (const auto found = sidecar.tests.find(test); found != sidecar.tests.end()) {
        source["verdict"] = found->second.verdict;
        source["evidence"] = found->second.evidence;
    }
    return source;
}

}  // namespace curator

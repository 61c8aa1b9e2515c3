// `curator report` as JSON: the scores, every curated test with its kills, the mutants they kill, warnings
// and notes.

#include "curator/join.hpp"

namespace curator {
using ordered_json = nlohmann::ordered_json;

ordered_json render_join_json(const Join& join) {
    ordered_json out{{"curator", "report"},
                     {"version", 1},
                     {"mutation_report", join.report_file},
                     {"mutants", join.total_mutants},
                     {"score",
                      {{"with_curated",
                        {{"detected", join.with_curated.detected()},
                         {"valid", join.with_curated.valid()},
                         {"percent", join.with_curated.score()}}},
                       {"without_curated",
                        {{"detected", join.without_curated.detected()},
                         {"valid", join.without_curated.valid()},
                         {"percent", join.without_curated.score()}}}}},
                     {"tests", ordered_json::array()},
                     {"killed_mutants", ordered_json::array()},
                     {"warnings", ordered_json::array()},
                     {"notes", join.notes}};
    for (const JoinedTest& test : join.tests) {
        out["tests"].push_back(
            {{"file", test.file},
             {"test", test.id},
             {"line", test.line},
             {"decision", decision_name(test.decision)},
             {"reason", test.reason},
             {"stale", test.stale},
             {"kills_from", test.kills_from.empty() ? ordered_json() : ordered_json(test.kills_from)},
             {"kills", test.kills},
             {"only_kills", test.only_kills}});
    }
    for (const JoinedMutant& mutant : join.mutants) {
        out["killed_mutants"].push_back({{"id", mutant.id},
                                         {"file", mutant.file},
                                         {"line", mutant.line},
                                         {"mutator", mutant.mutator},
                                         {"description", mutant.description},
                                         {"status", mutant.status},
                                         {"other_killers", mutant.other_killers}});
    }
    for (const JoinWarning& warning : join.warnings) {
        out["warnings"].push_back(
            {{"kind", warning.kind}, {"test", warning.test}, {"message", warning.message}});
    }
    return out;
}

}  // namespace curator

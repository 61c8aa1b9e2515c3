// The offline provider: stored, hand-written sample replies, so the whole funnel runs with no network.

#include <fmt/format.h>

#include "curator/llm.hpp"
#include "mlab/common/errors.hpp"
#include "mlab/common/files.hpp"

namespace curator {
namespace fs = std::filesystem;
namespace {

class ReplayProvider : public Provider {
  public:
    explicit ReplayProvider(fs::path sample) : sample_(std::move(sample)) {}

    std::string name() const override { return "replay"; }

    ChatReply ask(const ChatRequest&, CallRecord& record) override {
        record.provider = name();
        record.url = sample_.string();
        ChatReply reply;
        reply.text = mlab::read_file(sample_);
        reply.stop_reason = "replay";
        reply.model = "hand-written-sample";
        return reply;
    }

  private:
    fs::path sample_;
};

}  // namespace

fs::path replay_sample(const fs::path& samples_dir, const std::string& source_name,
                       const std::string& template_name) {
    return samples_dir / (template_name == kDefaultTemplate ? source_name + ".md"
                                                            : source_name + "." + template_name + ".md");
}

std::unique_ptr<Provider> make_replay_provider(const fs::path& samples_dir, const std::string& source_name,
                                               const std::string& template_name) {
    const fs::path sample = replay_sample(samples_dir, source_name, template_name);
    if (!fs::is_regular_file(sample)) {
        std::string known;
        std::error_code error;
        for (const auto& entry : fs::directory_iterator(samples_dir, error)) {
            if (entry.path().extension() == ".md") {
                known += (known.empty() ? "" : ", ") + entry.path().filename().string();
            }
        }
        throw mlab::InputError(
            fmt::format("{}: no stored reply for {} and prompt {} (the replay provider has samples for: {}); "
                        "set an API key or --provider",
                        sample.string(), source_name, template_name, known.empty() ? "none" : known));
    }
    return std::make_unique<ReplayProvider>(sample);
}

}  // namespace curator

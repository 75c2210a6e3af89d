// SPDX-License-Identifier: GPL-3.0-or-later
#include "provisioning/provision/cli.h"

namespace mamori::provision {

std::string ParsedOptions::value(const std::string& name, const std::string& fallback) const
{
    const auto found = m_values.find(name);
    return found == m_values.end() || found->second.empty() ? fallback : found->second.back();
}

std::vector<std::string> ParsedOptions::list(const std::string& name) const
{
    std::vector<std::string> out;
    const auto found = m_values.find(name);
    if (found == m_values.end())
        return out;
    for (const std::string& value : found->second) {
        std::size_t start = 0;
        while (start <= value.size()) {
            const std::size_t comma = value.find(',', start);
            const std::string item =
                value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (!item.empty())
                out.push_back(item);
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
    }
    return out;
}

std::optional<ParsedOptions> parseOptions(int argc, char** argv, int first, const std::vector<OptionSpec>& specs,
                                          const std::string& command)
{
    ParsedOptions parsed;
    for (int i = first; i < argc; ++i) {
        std::string argument = argv[i];
        if (!argument.starts_with("--") || argument == "--") {
            parsed.m_positional.push_back(argument);
            continue;
        }
        std::optional<std::string> inlineValue;
        if (const auto equals = argument.find('='); equals != std::string::npos) {
            inlineValue = argument.substr(equals + 1);
            argument = argument.substr(0, equals);
        }
        const OptionSpec* spec = nullptr;
        for (const OptionSpec& candidate : specs)
            if (candidate.name == argument)
                spec = &candidate;
        if (!spec) {
            std::fprintf(stderr, "mamori-provision %s: unknown option '%s' (see --help)\n", command.c_str(),
                         argument.c_str());
            return std::nullopt;
        }
        std::string value;
        if (!spec->valueName.empty()) {
            if (inlineValue) {
                value = *inlineValue;
            } else if (i + 1 < argc) {
                value = argv[++i];
            } else {
                std::fprintf(stderr, "mamori-provision %s: %s needs a value (%s)\n", command.c_str(), argument.c_str(),
                             spec->valueName.c_str());
                return std::nullopt;
            }
        } else if (inlineValue) {
            std::fprintf(stderr, "mamori-provision %s: %s takes no value\n", command.c_str(), argument.c_str());
            return std::nullopt;
        }
        auto& values = parsed.m_values[argument];
        if (!values.empty() && !spec->repeatable) {
            std::fprintf(stderr, "mamori-provision %s: %s given twice\n", command.c_str(), argument.c_str());
            return std::nullopt;
        }
        values.push_back(value);
    }
    return parsed;
}

void printOptions(std::FILE* to, const std::vector<OptionSpec>& specs)
{
    for (const OptionSpec& spec : specs) {
        std::string left = "  " + spec.name + (spec.valueName.empty() ? "" : " " + spec.valueName);
        if (left.size() < 30)
            left.resize(30, ' ');
        else
            left += "\n" + std::string(30, ' ');
        std::fprintf(to, "%s%s%s\n", left.c_str(), spec.help.c_str(), spec.repeatable ? " (repeatable)" : "");
    }
}

int exitCodeFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::PermissionDenied:
    case ErrorCode::AlreadyExists:
    case ErrorCode::PinIncorrect:
    case ErrorCode::PinLocked:
    case ErrorCode::StepUpRequired:
    case ErrorCode::Cancelled:
        return kExitRefused;
    case ErrorCode::InvalidArgument:
    case ErrorCode::InvalidUtf8:
    case ErrorCode::TooLarge:
    case ErrorCode::RecoveryKeyMalformed:
        return kExitInvalid;
    default:
        return kExitFailed;
    }
}

int reportError(const std::string& what, const Error& error)
{
    // The context is what IT needs here (the kiosk's user actions do not fit a provisioning tool).
    std::fprintf(stderr, "mamori-provision: %s: %s\n", what.c_str(), error.describe().c_str());
    return exitCodeFor(error.code());
}

namespace {
unsigned g_startUmask = 077;
} // namespace

void setStartUmask(unsigned mask) noexcept { g_startUmask = mask; }

void warnLooseUmask()
{
    if ((g_startUmask & 077) == 077)
        return;
    char text[16];
    std::snprintf(text, sizeof text, "%04o", g_startUmask & 0777);
    warning(std::string("umask ") + text +
            " would let others read new files; key files are written 0600 and this "
            "run uses umask 0077");
}

void note(const std::string& text) { std::fprintf(stderr, "mamori-provision: %s\n", text.c_str()); }
void warning(const std::string& text) { std::fprintf(stderr, "mamori-provision: warning: %s\n", text.c_str()); }

} // namespace mamori::provision

// SPDX-License-Identifier: GPL-3.0-or-later
// The user-facing text of every ErrorCode, in Japanese and English. One row per code; a code
// without a row is caught by tst_error_catalog. Messages are static text: they can never carry
// user data, so an error shown to a person never contains a number.

#include "services/common/error.h"

#include <array>
#include <cstdio>

namespace mamori {
namespace {

struct ErrorText {
    ErrorCode code;
    std::string_view messageJa;
    std::string_view messageEn;
    std::string_view actionJa;
    std::string_view actionEn;
};

constexpr std::array kCatalog{
    ErrorText{ErrorCode::Internal, "内部エラーが発生しました。", "An internal error occurred.",
              "操作をやり直してください。続く場合はシステム管理者に連絡してください。",
              "Try again. If it keeps happening, contact the system administrator."},
    ErrorText{ErrorCode::InvalidArgument, "入力内容に誤りがあります。", "The input is not valid.",
              "入力内容を確認してください。", "Check what you entered."},
    ErrorText{ErrorCode::PermissionDenied, "この操作を行う権限がありません。", "You are not allowed to do this.",
              "権限が必要な場合は取扱責任者に相談してください。",
              "Ask the officer in charge if you need this permission."},
    ErrorText{ErrorCode::NotFound, "対象が見つかりません。", "Not found.", "検索条件を確認してください。",
              "Check the search terms."},
    ErrorText{ErrorCode::AlreadyExists, "すでに登録されています。", "This is already registered.",
              "登録済みの内容を確認してください。", "Check the existing entry."},
    ErrorText{ErrorCode::Cancelled, "操作は取り消されました。", "The operation was cancelled.",
              "必要であれば操作をやり直してください。", "Start again if you still need to."},
    ErrorText{ErrorCode::ResourceExhausted, "端末の資源が不足しています。", "The terminal is out of resources.",
              "システム管理者に連絡してください。", "Contact the system administrator."},
    ErrorText{ErrorCode::Unavailable, "サービスが利用できません。", "The service is not available.",
              "しばらく待ってからやり直してください。", "Wait a moment and try again."},
    ErrorText{ErrorCode::Timeout, "時間内に応答がありませんでした。", "The operation timed out.",
              "やり直してください。", "Try again."},
    ErrorText{ErrorCode::TooLarge, "データが大きすぎます。", "The data is too large.", "データを分割してください。",
              "Split the data into smaller parts."},
    ErrorText{ErrorCode::InvalidUtf8, "文字コードが正しくありません。", "The text encoding is not valid.",
              "UTF-8 または Shift_JIS で保存し直してください。", "Save the file again as UTF-8 or Shift_JIS."},
    ErrorText{ErrorCode::CardAbsent, "ICカードが見つかりません。", "No IC card was found.",
              "ICカードをリーダーに挿入してください。", "Insert your IC card into the reader."},
    ErrorText{ErrorCode::PinIncorrect, "暗証番号が正しくありません。", "The PIN is incorrect.",
              "残り回数に注意して、もう一度入力してください。", "Mind the tries left and enter it again."},
    ErrorText{ErrorCode::PinLocked, "ICカードがロックされています。", "The IC card is locked.",
              "カードの発行元でロックを解除してください（マイナンバーカードは市区町村の窓口）。",
              "Have the card's issuer unlock it (for a My Number card, the city office)."},
    ErrorText{ErrorCode::StepUpRequired, "この操作にはICカードと暗証番号による再確認が必要です。",
              "This operation needs your IC card and PIN again.",
              "ICカードを確認し、暗証番号をもう一度入力してください。", "Check your IC card and enter your PIN again."},
    ErrorText{ErrorCode::TpmUnavailable, "セキュリティチップ（TPM）を利用できません。",
              "The security chip (TPM) is not available.", "システム管理者に連絡してください。",
              "Contact the system administrator."},
    ErrorText{ErrorCode::TpmPolicyMismatch, "端末の状態が登録時と異なるため、鍵を開けません。",
              "The terminal's state differs from when it was set up, so its key cannot be opened.",
              "保守モード後は再起動してください。続く場合はシステム管理者に連絡してください。",
              "Restart after maintenance. If it keeps happening, contact the system administrator."},
    ErrorText{ErrorCode::TpmLockout, "セキュリティチップ（TPM）が不正な試行によりロックされています。",
              "The security chip (TPM) is locked after too many failed attempts.",
              "端末の電源を切らずに、システム管理者に連絡してください。",
              "Leave the terminal on and contact the system administrator."},
    ErrorText{ErrorCode::TpmSealedDataInvalid, "保存された鍵のデータが壊れているか、別の端末のものです。",
              "The stored key data is damaged or belongs to another terminal.",
              "端末を使用せず、システム管理者に連絡してください（回復キーで復旧できます）。",
              "Stop using the terminal and contact the system administrator (the recovery key can restore it)."},
    ErrorText{ErrorCode::TpmNotProvisioned, "この端末はまだ初期設定されていません。",
              "This terminal has not been set up yet.", "システム管理者に初期設定を依頼してください。",
              "Ask the system administrator to set up the terminal."},
    ErrorText{ErrorCode::RecoveryKeyMalformed, "回復キーの入力に誤りがあります。",
              "The recovery key was not typed correctly.", "表示されたグループを見直して、もう一度入力してください。",
              "Check the group shown and type it again."},
    ErrorText{ErrorCode::RecoveryKeyIncorrect, "回復キーが一致しません。", "The recovery key does not match.",
              "この端末の回復キーか確認してください。", "Check that this is the recovery key of this terminal."},
    ErrorText{ErrorCode::StorageCorrupt, "データベースが破損しています。", "The database is damaged.",
              "端末を使用せず、システム管理者に連絡してください。",
              "Stop using the terminal and contact the system administrator."},
    ErrorText{ErrorCode::StorageFull, "記憶領域が不足しています。", "The disk is full.",
              "システム管理者に連絡してください。", "Contact the system administrator."},
    ErrorText{ErrorCode::StorageIo, "データの読み書きに失敗しました。", "Reading or writing data failed.",
              "やり直してください。続く場合はシステム管理者に連絡してください。",
              "Try again. If it keeps happening, contact the system administrator."},
    ErrorText{ErrorCode::StorageKeyMismatch, "この端末の鍵ではデータベースを開けません。",
              "This terminal's key does not open the database.", "システム管理者に連絡してください。",
              "Contact the system administrator."},
    ErrorText{ErrorCode::StorageRolledBack, "データベースが古い状態に戻されています。",
              "The database has been rolled back to an older copy.",
              "端末を使用せず、システム管理者に連絡してください。",
              "Stop using the terminal and contact the system administrator."},
    ErrorText{ErrorCode::AuditWriteFailed, "操作記録を書き込めないため、操作を中止しました。",
              "The operation was stopped because it could not be recorded.", "システム管理者に連絡してください。",
              "Contact the system administrator."},
    ErrorText{ErrorCode::AuditChainBroken, "操作記録が改ざんまたは破損しています。",
              "The operation log has been altered or damaged.", "端末を使用せず、システム管理者に連絡してください。",
              "Stop using the terminal and contact the system administrator."},
    ErrorText{ErrorCode::IndividualNumberLength, "個人番号は12桁です。", "An individual number has 12 digits.",
              "桁数を確認して入力し直してください。", "Check the number of digits and enter it again."},
    ErrorText{ErrorCode::IndividualNumberCharacter, "個人番号には数字とハイフンだけを入力してください。",
              "Enter only digits and hyphens in an individual number.", "数字以外の文字を取り除いてください。",
              "Remove any character that is not a digit."},
    ErrorText{ErrorCode::IndividualNumberCheckDigit, "個人番号が正しくありません（検査用数字が一致しません）。",
              "The individual number is not valid (its check digit does not match).",
              "書類と照らし合わせて入力し直してください。", "Compare with the document and enter it again."},
    ErrorText{ErrorCode::NumberAlreadyRegistered, "この番号は別の方に登録されています。",
              "This number is already registered for another person.",
              "書類を確認してください。誤りでなければ取扱責任者に報告してください。",
              "Check the documents. If they are right, report this to the officer in charge."},
    ErrorText{ErrorCode::CorporateNumberLength, "法人番号は13桁です。", "A corporate number has 13 digits.",
              "桁数を確認して入力し直してください。", "Check the number of digits and enter it again."},
    ErrorText{ErrorCode::CorporateNumberCharacter, "法人番号には数字とハイフンだけを入力してください。",
              "Enter only digits and hyphens in a corporate number.", "数字以外の文字を取り除いてください。",
              "Remove any character that is not a digit."},
    ErrorText{ErrorCode::CorporateNumberCheckDigit, "法人番号が正しくありません（検査用数字が一致しません）。",
              "The corporate number is not valid (its check digit does not match).",
              "書類と照らし合わせて入力し直してください。", "Compare with the document and enter it again."},
};

const ErrorText* findErrorText(ErrorCode code) noexcept
{
    for (const auto& row : kCatalog)
        if (row.code == code)
            return &row;
    return nullptr;
}

const ErrorText& findOrInternal(ErrorCode code) noexcept
{
    const ErrorText* row = findErrorText(code);
    return row ? *row : *findErrorText(ErrorCode::Internal);
}

} // namespace

bool hasErrorText(ErrorCode code) noexcept { return findErrorText(code) != nullptr; }

std::uint16_t errorNumber(ErrorCode code) noexcept { return static_cast<std::uint16_t>(code); }

// A switch with no default: -Werror=switch makes a new enumerator without a name a build error,
// and tst_error_catalog checks that every named code also has a row in kCatalog.
std::string_view errorName(ErrorCode code) noexcept
{
    switch (code) {
    case ErrorCode::Internal:
        return "Internal";
    case ErrorCode::InvalidArgument:
        return "InvalidArgument";
    case ErrorCode::PermissionDenied:
        return "PermissionDenied";
    case ErrorCode::NotFound:
        return "NotFound";
    case ErrorCode::AlreadyExists:
        return "AlreadyExists";
    case ErrorCode::Cancelled:
        return "Cancelled";
    case ErrorCode::ResourceExhausted:
        return "ResourceExhausted";
    case ErrorCode::Unavailable:
        return "Unavailable";
    case ErrorCode::Timeout:
        return "Timeout";
    case ErrorCode::TooLarge:
        return "TooLarge";
    case ErrorCode::InvalidUtf8:
        return "InvalidUtf8";
    case ErrorCode::CardAbsent:
        return "CardAbsent";
    case ErrorCode::PinIncorrect:
        return "PinIncorrect";
    case ErrorCode::PinLocked:
        return "PinLocked";
    case ErrorCode::StepUpRequired:
        return "StepUpRequired";
    case ErrorCode::TpmUnavailable:
        return "TpmUnavailable";
    case ErrorCode::TpmPolicyMismatch:
        return "TpmPolicyMismatch";
    case ErrorCode::TpmLockout:
        return "TpmLockout";
    case ErrorCode::TpmSealedDataInvalid:
        return "TpmSealedDataInvalid";
    case ErrorCode::TpmNotProvisioned:
        return "TpmNotProvisioned";
    case ErrorCode::RecoveryKeyMalformed:
        return "RecoveryKeyMalformed";
    case ErrorCode::RecoveryKeyIncorrect:
        return "RecoveryKeyIncorrect";
    case ErrorCode::StorageCorrupt:
        return "StorageCorrupt";
    case ErrorCode::StorageFull:
        return "StorageFull";
    case ErrorCode::StorageIo:
        return "StorageIo";
    case ErrorCode::StorageKeyMismatch:
        return "StorageKeyMismatch";
    case ErrorCode::StorageRolledBack:
        return "StorageRolledBack";
    case ErrorCode::AuditWriteFailed:
        return "AuditWriteFailed";
    case ErrorCode::AuditChainBroken:
        return "AuditChainBroken";
    case ErrorCode::IndividualNumberLength:
        return "IndividualNumberLength";
    case ErrorCode::IndividualNumberCharacter:
        return "IndividualNumberCharacter";
    case ErrorCode::IndividualNumberCheckDigit:
        return "IndividualNumberCheckDigit";
    case ErrorCode::NumberAlreadyRegistered:
        return "NumberAlreadyRegistered";
    case ErrorCode::CorporateNumberLength:
        return "CorporateNumberLength";
    case ErrorCode::CorporateNumberCharacter:
        return "CorporateNumberCharacter";
    case ErrorCode::CorporateNumberCheckDigit:
        return "CorporateNumberCheckDigit";
    }
    return "Unknown";
}

std::string_view errorMessage(ErrorCode code, Language language) noexcept
{
    const ErrorText& row = findOrInternal(code);
    return language == Language::Japanese ? row.messageJa : row.messageEn;
}

std::string_view errorAction(ErrorCode code, Language language) noexcept
{
    const ErrorText& row = findOrInternal(code);
    return language == Language::Japanese ? row.actionJa : row.actionEn;
}

std::string Error::describe() const
{
    char number[8];
    std::snprintf(number, sizeof number, "E%04u", static_cast<unsigned>(errorNumber(m_code)));
    std::string text(number);
    text += ' ';
    text += errorName(m_code);
    if (!m_context.empty()) {
        text += ": ";
        text += m_context;
    }
    return text;
}

} // namespace mamori

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/tpm_key_source.h"

namespace mamori::vault {

Result<TpmCounter> TpmCounter::open(tpm::KeyStore& store)
{
    MAMORI_ASSIGN_OR_RETURN(tpm::NvCounter counter, store.counter());
    return TpmCounter(counter);
}

Result<TpmVault> openVaultOnTpm(const tpm::TpmSettings& settings, const VaultOptions& options, Clock& clock)
{
    TpmVault opened;
    MAMORI_ASSIGN_OR_RETURN(opened.store, tpm::KeyStore::connect(settings));
    MAMORI_ASSIGN_OR_RETURN(TpmCounter counter, TpmCounter::open(*opened.store));
    opened.counter = std::make_unique<TpmCounter>(std::move(counter));
    TpmKeySource keys(*opened.store);
    auto vault = Vault::open(options, keys, clock, opened.counter.get());
    opened.store->context().closeSessions(); // the unlock is over; free the TPM's session slot
    MAMORI_ASSIGN_OR_RETURN(opened.vault, std::move(vault));
    return opened;
}

} // namespace mamori::vault

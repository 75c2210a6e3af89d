// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/tpm_key_source.h"

namespace mamori::vault {

Result<TpmCounter> TpmCounter::open(tpm::KeyStore& store)
{
    MAMORI_ASSIGN_OR_RETURN(tpm::NvCounter counter, store.counter());
    return TpmCounter(counter);
}

} // namespace mamori::vault

// SPDX-License-Identifier: GPL-3.0-or-later
#include "services/vault/key_source.h"

namespace mamori::vault {

Result<MemoryKeySource> MemoryKeySource::generate()
{
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer master, SecretBuffer::random(kMasterKeyBytes));
    MAMORI_ASSIGN_OR_RETURN(SecretBuffer seed, SecretBuffer::random(kSigningSeedBytes));
    return MemoryKeySource(std::move(master), std::move(seed));
}

} // namespace mamori::vault

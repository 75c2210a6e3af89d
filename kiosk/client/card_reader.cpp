// SPDX-License-Identifier: GPL-3.0-or-later
#include "kiosk/client/card_reader.h"

namespace mamori::ui {

int PinInfo::triesLeft() const noexcept
{
    switch (status) {
    case Status::Locked:
        return 0;
    case Status::FinalTry:
        return 1;
    case Status::Ok:
        return maxTries > 0 ? maxTries : -1;
    case Status::CountLow:
        break;
    }
    return -1;
}

} // namespace mamori::ui

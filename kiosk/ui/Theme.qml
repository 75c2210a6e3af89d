// SPDX-License-Identifier: GPL-3.0-or-later
// Theme: the kiosk's colours, type and spacing in one place. Calm and readable: a warm light
// background, dark text with high contrast, one muted accent, large type for people standing
// at a terminal. Noto Sans CJK JP, so Japanese uses Japanese glyph forms.
pragma Singleton
import QtQuick

QtObject {
    readonly property string fontFamily: "Noto Sans CJK JP"

    readonly property color background: "#f6f6f2"
    readonly property color surface: "#ffffff"
    readonly property color text: "#1f2a33"
    readonly property color secondaryText: "#55616b"
    readonly property color accent: "#2f6f73"
    readonly property color line: "#dcdfd8"
    readonly property color ok: "#3c8d5a"
    readonly property color chip: "#d8c48a"
    readonly property color slot: "#3a444c"
    readonly property color danger: "#a33a2f"
    readonly property color warning: "#8a5a00"
    readonly property color warningBackground: "#fbefd5"
    readonly property color selected: "#e3efee"
    readonly property color disabledText: "#8c969e"

    readonly property int margin: 48
    readonly property int headlineSize: 56
    readonly property int bodySize: 26
    readonly property int smallSize: 19
    readonly property int clockSize: 44
    readonly property int titleSize: 34
    readonly property int fieldSize: 22
    readonly property int rowHeight: 56
    readonly property int compactMargin: 24
}

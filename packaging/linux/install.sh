#!/bin/sh
# Add Advisor Desk to this user's applications menu, where it was unpacked:
#   ./install.sh              menu entry, icons, AppStream file, ~/.local/bin/advisor-desk
#   ./install.sh --uninstall  remove them again (the unpacked folder and your data stay)
# Run as root, it installs for everyone (/usr/local); PREFIX=DIR installs into DIR/share and
# DIR/bin instead. Moved the folder? Run it again.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
name=advisor-desk
appid=com.advisordesk.AdvisorDesk
if [ -n "${PREFIX:-}" ]; then
    share=$PREFIX/share
    bin=$PREFIX/bin
elif [ "$(id -u)" = 0 ]; then
    share=/usr/local/share
    bin=/usr/local/bin
else
    share=${XDG_DATA_HOME:-$HOME/.local/share}
    bin=$HOME/.local/bin
fi

# Menus and icon themes watch these folders; a new mtime is all they need (no icon cache is
# written: a stale one would hide icons that other programs install later).
refresh() {
    touch "$share/applications" "$share/icons/hicolor" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$share/applications/$name.desktop" "$share/metainfo/$appid.metainfo.xml"
    rm -f "$share"/icons/hicolor/*/apps/"$name".png "$share/icons/hicolor/scalable/apps/$name.svg"
    if [ -L "$bin/$name" ]; then rm -f "$bin/$name"; fi
    refresh
    echo "Advisor Desk removed from the menu; $here is still there."
    exit 0
fi

mkdir -p "$share/applications" "$share/metainfo" "$bin"
(cd "$here/share" && find icons -type f) | while IFS= read -r icon; do
    mkdir -p "$share/$(dirname "$icon")"
    cp "$here/share/$icon" "$share/$icon"
done
cp "$here/share/metainfo/$appid.metainfo.xml" "$share/metainfo/"

# The menu entry runs this folder's program; Exec quotes it (the Desktop Entry rules).
program="$here/$name"
quoted=$(printf '%s' "$program" | sed -e 's/[\\"`$]/\\&/g' -e 's/%/%%/g')
while IFS= read -r line; do
    case $line in
        Exec=*) printf 'Exec="%s"\n' "$quoted" ;;
        TryExec=*) printf 'TryExec=%s\n' "$program" ;;
        *) printf '%s\n' "$line" ;;
    esac
done <"$here/share/applications/$name.desktop" >"$share/applications/$name.desktop"

ln -sfn "$program" "$bin/$name"
refresh
echo "Advisor Desk is in the applications menu; '$name' runs it from a terminal ($bin)."

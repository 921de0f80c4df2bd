# A real GTK 3 tray icon (Gtk.StatusIcon, XEmbed to the System Tray) for DaemonTrayTests:
# prints "embedded SIZE" once the tray has it, "press BUTTON" for each click, then runs until killed.
import sys

import gi

gi.require_version("Gtk", "3.0")
from gi.repository import GLib, Gtk  # noqa: E402


def say(text):
    print(text, flush=True)


icon = Gtk.StatusIcon.new_from_icon_name("dialog-information")
icon.set_title("guivirt status icon")


def on_embedded(*_):
    if icon.is_embedded():
        say(f"embedded {icon.get_size()}")


def on_press(_, event):
    say(f"press {event.button}")
    return True


icon.connect("notify::embedded", on_embedded)
icon.connect("button-press-event", on_press)
GLib.timeout_add_seconds(30, lambda: sys.exit(3) if not icon.is_embedded() else True)
Gtk.main()

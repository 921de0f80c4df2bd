using System.Text;
using GuiVirt.X11.Interop;
using static GuiVirt.X11.Interop.XEventType;

namespace GuiVirt.TestApp;

/// <summary>
/// Turns the input events the window receives into log lines. Input tests compare these lines,
/// so the format is fixed and documented in <see cref="Options.Usage"/>.
/// </summary>
internal static unsafe class InputLog
{

    /// <summary>The log line for an input event, or null when <paramref name="ev"/> is not one.</summary>
    public static string? Format(XEvent* ev)
    {
        switch (ev->Type)
        {
            case KeyPress or KeyRelease:
                return Key((XInputEvent*)ev);
            case ButtonPress or ButtonRelease:
                var button = (XInputEvent*)ev;
                string direction = ev->Type == ButtonPress ? "press" : "release";
                return $"button {direction} button={button->Detail} state={button->State} x={button->X} y={button->Y}";
            case MotionNotify:
                var motion = (XInputEvent*)ev;
                return $"motion x={motion->X} y={motion->Y} state={motion->State}";
            case EnterNotify or LeaveNotify:
                var crossing = (XCrossingEvent*)ev;
                string name = ev->Type == EnterNotify ? "enter" : "leave";
                return $"{name} x={crossing->X} y={crossing->Y} mode={crossing->Mode} detail={crossing->Detail}";
            case FocusIn or FocusOut:
                var focus = (XFocusChangeEvent*)ev;
                return $"focus {(ev->Type == FocusIn ? "in" : "out")} mode={focus->Mode} detail={focus->Detail}";
            default:
                return null;
        }
    }

    private static string Key(XInputEvent* key)
    {
        byte* buffer = stackalloc byte[32];
        nuint keysym;
        int length = NativeMethods.XLookupString(key, buffer, 32, &keysym, null);
        string direction = key->Type == KeyPress ? "press" : "release";
        return $"key {direction} keycode={key->Detail} state={key->State} keysym=0x{keysym:x} text={Escape(new ReadOnlySpan<byte>(buffer, Math.Clamp(length, 0, 32)))}";
    }

    /// <summary>XLookupString yields Latin-1. Space, backslash and control characters are written
    /// as \xNN so a line always splits on spaces into its fields.</summary>
    private static string Escape(ReadOnlySpan<byte> latin1)
    {
        var text = new StringBuilder();
        foreach (byte b in latin1)
        {
            if (b <= 0x20 || b == 0x7F || b == (byte)'\\')
            {
                text.Append($"\\x{b:x2}");
            }
            else
            {
                text.Append((char)b);
            }
        }
        return text.ToString();
    }
}

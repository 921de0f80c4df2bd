using System.Diagnostics;
using System.Text;
using GuiVirt.X11.Interop;
using static GuiVirt.X11.Interop.XEventType;

namespace GuiVirt.TestApp;

/// <summary>--clipboard-get: converts CLIPBOARD to UTF8_STRING and writes the bytes to stdout.</summary>
internal static unsafe class ClipboardReader
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Returns 0 with the text on stdout, or 1 with a reason on the log when there is no
    /// owner, the owner refuses, the answer is INCR (not needed for test texts), or 5 s pass.</summary>
    public static int Run(XConnection x, EventLog log)
    {
        nuint window = Xlib.XCreateSimpleWindow(x.Handle, x.Root, 0, 0, 1, 1, 0, 0, 0);
        nuint property = x.Atom("GUIVIRT_CLIPBOARD");
        Xlib.XConvertSelection(x.Handle, x.Atom("CLIPBOARD"), x.Atom("UTF8_STRING"), property, window, 0);
        Xlib.XFlush(x.Handle);

        var clock = Stopwatch.StartNew();
        XEvent ev;
        while (clock.Elapsed < Timeout && !XConnection.Closed)
        {
            x.WaitReadable((int)Math.Max(1, (Timeout - clock.Elapsed).TotalMilliseconds));
            while (!XConnection.Closed && Xlib.XPending(x.Handle) > 0)
            {
                Xlib.XNextEvent(x.Handle, &ev);
                var notify = (XSelectionEvent*)&ev;
                if (ev.Type != SelectionNotify || notify->Requestor != window)
                {
                    continue;
                }
                if (notify->Property == 0)
                {
                    log.Line("exit CLIPBOARD has no owner or the owner refused UTF8_STRING");
                    return 1;
                }
                return Print(x, window, notify->Property, log);
            }
        }
        log.Line(XConnection.Closed ? "exit x connection closed" : "exit timed out waiting for the CLIPBOARD owner");
        return 1;
    }

    private static int Print(XConnection x, nuint window, nuint property, EventLog log)
    {
        nuint type;
        int format;
        nuint items;
        nuint bytesAfter;
        byte* data;
        // Length is in 32-bit units: 16 MiB is far more than any test text.
        int status = Xlib.XGetWindowProperty(x.Handle, window, property, 0, 4 << 20, 1, 0,
            &type, &format, &items, &bytesAfter, &data);
        if (status != 0 || data == null)
        {
            log.Line("exit could not read the converted CLIPBOARD");
            return 1;
        }
        try
        {
            if (format != 8 || bytesAfter != 0)
            {
                log.Line($"exit unsupported answer type={x.AtomName(type)} format={format} (INCR is not supported)");
                return 1;
            }
            var bytes = new ReadOnlySpan<byte>(data, checked((int)items));
            // Some owners answer UTF8_STRING with STRING: re-encode Latin-1 so stdout is always UTF-8.
            byte[] utf8 = type == x.Atom("STRING") ? Encoding.UTF8.GetBytes(Encoding.Latin1.GetString(bytes)) : bytes.ToArray();
            using Stream stdout = Console.OpenStandardOutput();
            stdout.Write(utf8);
            return 0;
        }
        finally
        {
            Xlib.XFree(data);
        }
    }
}

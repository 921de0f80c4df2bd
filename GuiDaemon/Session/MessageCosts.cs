namespace GuiVirt.GuiDaemon.Session;

/// <summary>
/// The cost table: what a qube's messages cost its budget (<see cref="MessageBudget"/>, which
/// fills at <c>messages_per_second</c> units a second), in units of one plain message. A message
/// is charged by the work it makes the host X server and the daemon do, not by its count:
/// every message costs <see cref="Plain"/>, and the session adds what it does on the host as it
/// does it (<c>QubeSession.Charge</c>). Repaints the daemon makes after an Expose of a qube's
/// window are charged to that window's qube, when the Expose comes. docs/security.md has this
/// table in words; keep the two in step.
/// </summary>
internal static class MessageCosts
{
    /// <summary>Any message, handled or ignored: reading, checking and dispatching it.</summary>
    public const int Plain = 1;

    /// <summary>
    /// Pixels put on the host (SHMIMAGE, a repaint) per unit, rounded up. An honest full-HD app
    /// at 60 Hz puts 1920 x 1080 x 60 = 124 million pixels a second: 30,375 units, plus its 60
    /// messages, which the default of 50,000 a second holds with room to spare.
    /// </summary>
    public const int PixelsPerUnit = 4096;

    /// <summary>
    /// Changing the host's stacking: MAP (map and raise), UNMAP, DESTROY of a mapped window, a
    /// raise of a mapped window, WINDOW_FLAGS. Each exposes windows beneath or itself, and the
    /// repaints follow, charged by area to the windows' qubes when their Expose comes. At the
    /// default rate, at most 1,000 a second, their repaints not counted.
    /// </summary>
    public const int Restack = 50;

    /// <summary>A CONFIGURE that moves or resizes the host window (a repeat of what the daemon knows costs nothing more).</summary>
    public const int Configure = 50;

    /// <summary>CREATE: an unmapped host window and the properties the daemon sets on it (nothing drawn until MAP).</summary>
    public const int Create = 10;

    /// <summary>WINDOW_DUMP: a grant checked, mapped, attached to the host X server (the repaint of the window follows, by area).</summary>
    public const int Grant = 100;

    /// <summary>A property change on the host window: title (WMNAME), class, size hints, type, states (WINDOW_FLAGS), cursor.</summary>
    public const int Property = 20;

    /// <summary>The frame drawn around a repaint: four rectangles filled.</summary>
    public const int Frame = 2;

    /// <summary>
    /// Raises of one already-mapped window a second (a token bucket holding as many). Honest apps
    /// raise too (a window brought to the front), but never many times a second; the excess is
    /// ignored, not a violation, and reported at most every 10 s.
    /// </summary>
    public const int RaisesPerSecond = 4;

    /// <summary>The cost of putting <paramref name="width"/> x <paramref name="height"/> pixels: 1 unit per <see cref="PixelsPerUnit"/>, rounded up.</summary>
    public static long Pixels(int width, int height) => (((long)width * height) + PixelsPerUnit - 1) / PixelsPerUnit;
}

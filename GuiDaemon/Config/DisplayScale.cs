using System.Globalization;

namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// The density a qube's apps render at (<c>scale</c> in the configuration): one of 1, 1.25, 1.5
/// and 2, kept as hundredths so no rounding ever reaches a qube. Everything a qube is told about
/// it (Xft.dpi, GDK_SCALE, GDK_DPI_SCALE, QT_SCALE_FACTOR, XCURSOR_SIZE) is derived here, from
/// this host-decided value only.
/// </summary>
public readonly record struct DisplayScale
{
    /// <summary>The dots per inch of scale 1 (X's and the toolkits' own default).</summary>
    public const int BaseDpi = 96;

    /// <summary>The cursor size at scale 1 (Xcursor's default).</summary>
    public const int BaseCursorSize = 24;

    /// <summary>The scales a qube can be given, in hundredths.</summary>
    public static readonly int[] AllowedPercents = [100, 125, 150, 200];

    private readonly int _percent;

    private DisplayScale(int percent) => _percent = percent;

    /// <summary>Scale 1: what a qube is without a configured scale and without a host Xft.dpi.</summary>
    public static DisplayScale One => new(100);

    /// <summary>The scale in hundredths: 100, 125, 150 or 200 (0 only in <c>default</c>, taken as 100).</summary>
    public int Percent => _percent == 0 ? 100 : _percent;

    /// <summary>The scale for Xft.dpi: 96, 120, 144 or 192.</summary>
    public int Dpi => BaseDpi * Percent / 100;

    /// <summary>GDK_SCALE: GTK scales windows by whole numbers only (1 or 2).</summary>
    public int GdkScale => Percent / 100;

    /// <summary>
    /// GDK_DPI_SCALE: 1/GDK_SCALE (1, or 0.5 at scale 2). GTK 3 scales its text by Xft.dpi / 96
    /// and again by GDK_SCALE; this undoes the second, so text is scaled once, by the scale
    /// (zenity measured: at scale 2 with 1 here its text is four times as large).
    /// </summary>
    public string GdkDpiScale => Format(100 / GdkScale);

    /// <summary>QT_SCALE_FACTOR: Qt scales by any factor.</summary>
    public string QtScaleFactor => Format(Percent);

    /// <summary>XCURSOR_SIZE: 24 at scale 1.</summary>
    public int CursorSize => BaseCursorSize * Percent / 100;

    /// <summary>The allowed scale of <paramref name="percent"/> hundredths (100, 125, 150, 200), or null.</summary>
    public static DisplayScale? TryFromPercent(int percent) => AllowedPercents.Contains(percent) ? new DisplayScale(percent) : null;

    /// <summary>The allowed scale <paramref name="value"/> names exactly (1, 1.25, 1.5, 2), or null.</summary>
    public static DisplayScale? TryFrom(double value)
    {
        foreach (int percent in AllowedPercents)
        {
            if (value == percent / 100.0)
            {
                return new DisplayScale(percent);
            }
        }

        return null;
    }

    /// <summary>
    /// The allowed scale nearest to a host's Xft.dpi (96 gives 1, 120 gives 1.25, 144 gives 1.5,
    /// 192 gives 2; a tie goes to the smaller). A missing or senseless value gives 1.
    /// </summary>
    public static DisplayScale FromDpi(double? dpi)
    {
        if (dpi is not double value || !double.IsFinite(value) || value <= 0)
        {
            return One;
        }

        int best = AllowedPercents[0];
        foreach (int percent in AllowedPercents)
        {
            if (Math.Abs((BaseDpi * percent / 100.0) - value) < Math.Abs((BaseDpi * best / 100.0) - value))
            {
                best = percent;
            }
        }

        return new DisplayScale(best);
    }

    /// <summary>
    /// Xft.dpi as X resource text (the RESOURCE_MANAGER property of the host's root, which xrdb
    /// writes): the last "Xft.dpi:" line's number, or null without one or when it is no number.
    /// </summary>
    public static double? XftDpiOf(string? resources)
    {
        double? dpi = null;
        foreach (string line in (resources ?? "").Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith("Xft.dpi:", StringComparison.Ordinal))
            {
                dpi = double.TryParse(trimmed["Xft.dpi:".Length..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
            }
        }

        return dpi;
    }

    /// <inheritdoc/>
    public override string ToString() => Format(Percent);

    private static string Format(int hundredths) => (hundredths / 100m).ToString("0.##", CultureInfo.InvariantCulture);
}

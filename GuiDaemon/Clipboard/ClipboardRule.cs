namespace GuiVirt.GuiDaemon.Clipboard;

/// <summary>One clipboard policy rule: pasting from qube <see cref="From"/> into qube <see cref="To"/> ("*" for any) is allowed or not.</summary>
public sealed record ClipboardRule(string From, string To, bool Allow)
{
    /// <summary>The first matching rule decides; with none, pasting is allowed (the default: any qube to any other).</summary>
    public static bool Allows(IReadOnlyList<ClipboardRule> rules, string from, string to) =>
        rules.FirstOrDefault(rule => (rule.From == "*" || rule.From == from) && (rule.To == "*" || rule.To == to)) is not { Allow: false };
}

namespace GuiVirt.GuiDaemon.Config;

/// <summary>
/// One policy rule for data moving between qubes, the same for the clipboard
/// (<c>[[clipboard.rule]]</c>: pasting) and for files (<c>[[copy.rule]]</c>: `guivirt copy`):
/// from qube <see cref="From"/> into qube <see cref="To"/> ("*" for any) is allowed or not.
/// </summary>
public sealed record FlowRule(string From, string To, bool Allow)
{
    /// <summary>The first matching rule decides; with none, the move is allowed (the default: any qube to any other).</summary>
    public static bool Allows(IReadOnlyList<FlowRule> rules, string from, string to) =>
        rules.FirstOrDefault(rule => (rule.From == "*" || rule.From == from) && (rule.To == "*" || rule.To == to)) is not { Allow: false };
}

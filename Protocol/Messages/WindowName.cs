namespace GuiVirt.Protocol.Messages;

/// <summary>
/// WMNAME (agent to daemon): the window's title, at most 127 bytes of UTF-8 in a 128-byte
/// NUL-padded field. <see cref="Title"/> is already sanitized (<see cref="TextSanitizer"/>); the
/// daemon shows it after its own <c>[qube] </c> prefix.
/// </summary>
public readonly record struct WindowName : IMessageBody
{
    private readonly string? _title;

    /// <summary>The sending side: sanitizes the title and cuts it to 127 bytes at a character boundary.</summary>
    public WindowName(string title) => _title = FixedText.Fit(title, Limits.TitleBytes);

    private WindowName(string sanitized, bool _) => _title = sanitized;

    /// <summary>The sanitized title (empty for a default value).</summary>
    public string Title => _title ?? "";

    static MessageType IMessageBody.Type => MessageType.WindowName;

    void IMessageBody.WriteTo(Span<byte> destination) => FixedText.Write(destination, Title);

    internal static WindowName Trusted(string sanitized) => new(sanitized, false);
}

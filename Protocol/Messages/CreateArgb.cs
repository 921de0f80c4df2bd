namespace GuiVirt.Protocol.Messages;

/// <summary>
/// CREATE_ARGB (agent to daemon): a new top-level window with a 32-bit ARGB visual. The body and
/// its checks are CREATE's (<see cref="Messages.Create"/>); only the id says that the window's
/// grant carries premultiplied alpha in each pixel's fourth byte. The daemon floors that alpha
/// (docs/security.md section 23), so no value makes a window invisible.
/// </summary>
public readonly record struct CreateArgb(Create Create) : IMessageBody
{
    static MessageType IMessageBody.Type => MessageType.CreateArgb;

    void IMessageBody.WriteTo(Span<byte> destination) => ((IMessageBody)Create).WriteTo(destination);
}

namespace GuiVirt.Protocol.Messages;

/// <summary>
/// WMCLASS (agent to daemon): WM_CLASS's class and instance names, each at most 63 bytes of
/// UTF-8 in a 64-byte NUL-padded field, sanitized. The daemon shows them as <c>qube:class</c>.
/// </summary>
public readonly record struct WindowClass : IMessageBody
{
    private readonly string? _className;
    private readonly string? _instanceName;

    /// <summary>The sending side: sanitizes and cuts both names to fit.</summary>
    public WindowClass(string className, string instanceName)
        : this(FixedText.Fit(className, Limits.ClassPartBytes), FixedText.Fit(instanceName, Limits.ClassPartBytes), false)
    {
    }

    private WindowClass(string className, string instanceName, bool _) => (_className, _instanceName) = (className, instanceName);

    /// <summary>res_class, sanitized.</summary>
    public string ClassName => _className ?? "";
    /// <summary>res_name, sanitized.</summary>
    public string InstanceName => _instanceName ?? "";

    static MessageType IMessageBody.Type => MessageType.WindowClass;

    void IMessageBody.WriteTo(Span<byte> destination)
    {
        FixedText.Write(destination[..Limits.ClassPartBytes], ClassName);
        FixedText.Write(destination[Limits.ClassPartBytes..], InstanceName);
    }

    internal static WindowClass Trusted(string className, string instanceName) => new(className, instanceName, false);
}

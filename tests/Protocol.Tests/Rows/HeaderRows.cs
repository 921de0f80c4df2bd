using static GuiVirt.Protocol.PeerRole;
using static GuiVirt.Protocol.ProtocolViolation;
using static GuiVirt.Protocol.Tests.Rows.WireBytes;

namespace GuiVirt.Protocol.Tests.Rows;

/// <summary>Every boundary of the header checks: type, direction, length, window id.</summary>
internal static class HeaderRows
{
    public static RowSet All()
    {
        var rows = new RowSet();
        rows.Accept("destroy", Agent, Message(MessageType.Destroy, 1));
        rows.Accept("destroy ack", Daemon, Message(MessageType.Destroy, 1));
        rows.Accept("largest window id", Agent, Message(MessageType.Unmap, uint.MaxValue));

        foreach (uint type in new uint[] { 0, 1, 123, 250, 0x8000_0000, uint.MaxValue })
        {
            rows.Reject($"unknown type {type}", Agent, Raw(type, 1, 0, []), UnknownMessageType);
        }

        foreach (uint type in new uint[] { 129, 135, 138 })
        {
            rows.Reject($"obsolete type {type}", Agent, Raw(type, 1, 0, []), ObsoleteMessageType);
            rows.Reject($"obsolete type {type} from daemon", Daemon, Raw(type, 1, 0, []), ObsoleteMessageType);
        }

        // Direction: every type the other side sends, with a length that would otherwise pass.
        foreach (MessageType type in MessageTypes.All)
        {
            uint length = (uint)(MessageTypes.FixedBodySize(type) ?? 0);
            uint window = MessageTypes.AddressesWindow(type) ? 1u : 0u;
            byte[] header = Raw((uint)type, window, length, []);
            if (!MessageTypes.MaySend(type, Agent))
            {
                rows.Reject($"{type} from an agent", Agent, header, WrongDirection);
            }

            if (!MessageTypes.MaySend(type, Daemon))
            {
                rows.Reject($"{type} from the daemon", Daemon, header, WrongDirection);
            }

            if (MessageTypes.FixedBodySize(type) is int size)
            {
                PeerRole sender = MessageTypes.MaySend(type, Agent) ? Agent : Daemon;
                rows.Reject($"{type} length {size + 1}", sender, Raw((uint)type, window, (uint)size + 1, []), WrongLength);
                rows.Reject($"{type} length max", sender, Raw((uint)type, window, uint.MaxValue, []), WrongLength);
                if (size > 0)
                {
                    rows.Reject($"{type} length {size - 1}", sender, Raw((uint)type, window, (uint)size - 1, []), WrongLength);
                }

                rows.Reject(
                    $"{type} window {(window == 0 ? "1" : "0")}",
                    sender,
                    Raw((uint)type, window == 0 ? 1u : 0u, (uint)size, new byte[size]),
                    window == 0 ? WindowIdNotZero : WindowIdZero);
            }
        }

        rows.Accept("clipboard at the limit", Agent, WithBody(MessageType.ClipboardData, 0, new byte[Limits.MaxClipboardBytes]));
        rows.Accept("empty clipboard", Agent, WithBody(MessageType.ClipboardData, 0, []));
        rows.Reject("clipboard one past the limit", Agent, Raw((uint)MessageType.ClipboardData, 0, Limits.MaxClipboardBytes + 1, []), BodyTooLarge);
        rows.Reject("clipboard of 4 GiB", Agent, Raw((uint)MessageType.ClipboardData, 0, uint.MaxValue, []), BodyTooLarge);
        rows.Reject("clipboard addressed to a window", Agent, Raw((uint)MessageType.ClipboardData, 7, 0, []), WindowIdNotZero);
        return rows;
    }
}

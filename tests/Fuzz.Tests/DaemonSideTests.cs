using GuiVirt.Protocol;
using GuiVirt.Protocol.Handshake;
using GuiVirt.Protocol.Messages;
using GuiVirt.RemoteFuzz;
using GuiVirt.SharedMemory.Channel;
using GuiVirt.SharedMemory.Grants;
using Microsoft.Win32.SafeHandles;

namespace GuiVirt.Fuzz.Tests;

/// <summary>The remote harness's daemon end catches what it is there to catch: a WINDOW_DUMP grant the daemon would refuse.</summary>
public sealed class DaemonSideTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void ASealedMemfdOfTheAnnouncedSizePasses()
    {
        using IAgentGrant grant = new MemfdGrantAllocator().Allocate(16 * 16 * 4);
        Assert.Null(SendDump(grant.ShareHandle));
    }

    [Fact]
    public void APlainFileAsTheGrantIsCaught()
    {
        // Writable and unsealed: the daemon's mapper refuses it, so the harness must too.
        using SafeFileHandle file = File.OpenHandle(_file, FileMode.Create, FileAccess.ReadWrite);
        RandomAccess.SetLength(file, 16 * 16 * 4);
        Assert.IsType<InvariantException>(SendDump(file));
    }

    /// <summary>As the importer: the hello and the daemon's answer, then one WINDOW_DUMP of 16x16 with <paramref name="grant"/>; what the daemon end made of it.</summary>
    private static Exception? SendDump(SafeFileHandle grant)
    {
        (MessageChannel daemonEnd, MessageChannel importerEnd) = MessageChannel.CreatePair();
        using var daemon = new DaemonSide(daemonEnd);
        using (importerEnd)
        {
            byte[] hello = new byte[VersionHandshake.AgentHelloSize];
            VersionHandshake.WriteAgentHello(hello, ProtocolVersion.Current);
            importerEnd.SendHandshake(hello);
            while (importerEnd.Pending.Length < VersionHandshake.DaemonHelloSize)
            {
                Assert.True(importerEnd.ReceiveAsync().AsTask().Wait(TimeSpan.FromSeconds(10)), "the daemon end did not answer the hello");
            }

            importerEnd.Send(new WindowId(1), new WindowDump(16, 16, 64), grant);
            importerEnd.FlushAsync().Wait(TimeSpan.FromSeconds(10));
        }

        daemon.Join();
        return daemon.Failure;
    }
}

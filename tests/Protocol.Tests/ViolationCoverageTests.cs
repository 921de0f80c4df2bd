using GuiVirt.Protocol.Tests.Rows;
using GuiVirt.Protocol.Tests.Shared;

namespace GuiVirt.Protocol.Tests;

/// <summary>Fails when a <see cref="ProtocolViolation"/> has no test that produces it.</summary>
public class ViolationCoverageTests
{
    [Fact]
    public void EveryProtocolViolationHasARejectRow()
    {
        // Each row's theory asserts that its bytes really produce its expected violation.
        var produced = new HashSet<ProtocolViolation>();
        produced.UnionWith(HeaderRows.All().Select(row => (ProtocolViolation)row[3]));
        produced.UnionWith(BodyRows.All().Select(row => (ProtocolViolation)row[3]));
        produced.UnionWith(HandshakeRows.AgentHellos().Select(row => (ProtocolViolation)row[2]));
        produced.UnionWith(HandshakeRows.DaemonHellos().Select(row => (ProtocolViolation)row[2]));

        var missing = Enum.GetValues<ProtocolViolation>()
            .Except([ProtocolViolation.None, .. ViolationOwnership.SharedMemory, .. ViolationOwnership.Daemon, .. ViolationOwnership.Copy])
            .Where(v => !produced.Contains(v))
            .ToList();
        Assert.True(missing.Count == 0, "no test produces: " + string.Join(", ", missing));
    }
}

using SocketAnalyzers.Flow;
using Xunit;

namespace SocketAnalyzers.Tests.Flow;

/// <summary>The packed per-slot flags the flow engine carries: every slot of all four words on its own.</summary>
public sealed class FlowStateTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(40)]
    [InlineData(FlowState.MaxSlots - 1)]
    public void Gen_and_kill_touch_only_their_slot(int slot)
    {
        var state = FlowState.Empty.With(slot, ConnectionFlags.Failed | ConnectionFlags.OwnedOpen, ConnectionFlags.None);

        Assert.Equal(ConnectionFlags.Failed | ConnectionFlags.OwnedOpen, state[slot]);
        for (var other = 0; other < FlowState.MaxSlots; other++)
        {
            if (other != slot)
            {
                Assert.Equal(ConnectionFlags.None, state[other]);
            }
        }

        var killed = state.With(slot, ConnectionFlags.None, ConnectionFlags.Failed);
        Assert.Equal(ConnectionFlags.OwnedOpen, killed[slot]);
        Assert.NotEqual(state, killed);
    }

    [Fact]
    public void Join_is_the_union_of_flags_per_slot()
    {
        var left = FlowState.Empty.With(3, ConnectionFlags.Failed, ConnectionFlags.None).With(50, ConnectionFlags.ReadWithoutShutdown, ConnectionFlags.None);
        var right = FlowState.Empty.With(3, ConnectionFlags.ShutDownForSending, ConnectionFlags.None);

        var joined = left.Join(right);

        Assert.Equal(ConnectionFlags.Failed | ConnectionFlags.ShutDownForSending, joined[3]);
        Assert.Equal(ConnectionFlags.ReadWithoutShutdown, joined[50]);
        Assert.Equal(joined, right.Join(left));
        Assert.Equal(joined.GetHashCode(), right.Join(left).GetHashCode());
    }

    [Fact]
    public void A_region_summary_keeps_what_the_mask_keeps_and_adds_what_it_generates()
    {
        // A finally region that closes slot 1 (kills Failed) and reads on slot 20 (gens ReadWithoutShutdown).
        var mask = FlowState.Full.With(1, ConnectionFlags.None, ConnectionFlags.Failed);
        var gen = FlowState.Empty.With(20, ConnectionFlags.ReadWithoutShutdown, ConnectionFlags.None);
        var input = FlowState.Empty.With(1, ConnectionFlags.Failed | ConnectionFlags.OwnedOpen, ConnectionFlags.None);

        var output = input.ApplySummary(mask, gen);

        Assert.Equal(ConnectionFlags.OwnedOpen, output[1]);
        Assert.Equal(ConnectionFlags.ReadWithoutShutdown, output[20]);
        Assert.Equal(ConnectionFlags.None, output[2]);
    }
}

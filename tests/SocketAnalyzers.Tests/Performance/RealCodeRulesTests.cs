using System;
using System.Linq;
using SocketAnalyzers.Benchmarks.RealCode;
using Xunit;

namespace SocketAnalyzers.Tests.Performance;

/// <summary>
/// The real-code benchmark's rules that need no corpus (tests/SocketAnalyzers.Benchmarks/RealCode/RealCodeRules.cs):
/// which documents the keystroke measure edits, the median, and the budgets' verdicts.
/// </summary>
public sealed class RealCodeRulesTests
{
    [Fact]
    public void Socket_mentions_count_whole_type_names_only()
    {
        Assert.Equal(3, RealCodeRules.SocketMentions("var c = new TcpClient(); using NetworkStream s = c.GetStream(); Socket k;"));
        Assert.Equal(0, RealCodeRules.SocketMentions("namespace TouchSocket.Sockets; class WebSocketHandler { ISocketClient c; }"));
    }

    [Fact]
    public void Choose_takes_the_most_socket_heavy_and_the_largest_ordinary_documents_deterministically()
    {
        var documents = new[]
        {
            new DocumentCandidate("b.cs", 100, 5),
            new DocumentCandidate("a.cs", 100, 5),
            new DocumentCandidate("few.cs", 9_000, 2),
            new DocumentCandidate("most.cs", 10, 9),
            new DocumentCandidate("big.cs", 5_000, 0),
            new DocumentCandidate("small.cs", 50, 0),
            new DocumentCandidate("big.cs", 5_000, 0),
            new DocumentCandidate("mid.cs", 700, 0),
        };

        var (socketHeavy, ordinary) = RealCodeRules.Choose(documents, 2);

        Assert.Equal(new[] { "most.cs", "a.cs" }, socketHeavy.Select(d => d.Path));
        Assert.Equal(new[] { "big.cs", "mid.cs" }, ordinary.Select(d => d.Path));
        Assert.DoesNotContain(socketHeavy.Concat(ordinary), d => d.Path == "few.cs");
    }

    [Fact]
    public void Median_of_odd_and_even_counts()
    {
        Assert.Equal(3, RealCodeRules.Median(new double[] { 9, 1, 3 }));
        Assert.Equal(2.5, RealCodeRules.Median(new double[] { 4, 1, 2, 3 }));
        Assert.True(double.IsNaN(RealCodeRules.Median(Array.Empty<double>())));
        Assert.Equal(TimeSpan.FromMilliseconds(20), RealCodeRules.Median(new[] { 30, 10, 20 }.Select(ms => TimeSpan.FromMilliseconds(ms))));
    }

    [Fact]
    public void Build_verdicts_compare_with_binding_and_only_with_a_slow_CA2000()
    {
        var fast = RealCodeRules.BuildVerdicts("r", Ms(1_000), Ms(40), Ms(400)).ToList();
        Assert.Single(fast);
        Assert.True(fast[0].Holds);

        var slow = RealCodeRules.BuildVerdicts("r", Ms(1_000), Ms(60), Ms(600)).ToList();
        Assert.Equal(new[] { false, true }, slow.Select(v => v.Holds));

        var slower = RealCodeRules.BuildVerdicts("r", Ms(100_000), Ms(400), Ms(700)).ToList();
        Assert.Equal(new[] { true, false }, slower.Select(v => v.Holds));
    }

    [Fact]
    public void Keystroke_verdicts_per_kind_of_document()
    {
        var documents = new[]
        {
            new KeystrokeFigures("s1.cs", SocketHeavy: true, 100, Compiler: Ms(10), Floor: Ms(9), Ours: Ms(14), OursOwn: Ms(5), Ca2000: Ms(20)),
            new KeystrokeFigures("s2.cs", SocketHeavy: true, 100, Compiler: Ms(10), Floor: Ms(9), Ours: Ms(20), OursOwn: Ms(300), Ca2000: Ms(20)),
            new KeystrokeFigures("s3.cs", SocketHeavy: true, 100, Compiler: Ms(10), Floor: Ms(9), Ours: Ms(12), OursOwn: Ms(2), Ca2000: Ms(20)),
            new KeystrokeFigures("o1.cs", SocketHeavy: false, 100, Compiler: Ms(10), Floor: Ms(10), Ours: Ms(12), OursOwn: Ms(1), Ca2000: Ms(20)),
        };

        var verdicts = RealCodeRules.KeystrokeVerdicts("r", documents).ToList();

        Assert.Equal(3, verdicts.Count);
        Assert.True(verdicts[0].Holds); // median of 1.4x, 2.0x, 1.2x is 1.4x <= 1.5x
        Assert.False(verdicts[1].Holds); // 12 ms against a floor of 10 ms: +20 %
        Assert.False(verdicts[2].Holds); // s2.cs: 300 ms of our own time
        Assert.Contains("s2.cs", verdicts[2].Figures, StringComparison.Ordinal);
        Assert.Empty(RealCodeRules.KeystrokeVerdicts("r", Array.Empty<KeystrokeFigures>()));
    }

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}

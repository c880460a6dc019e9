using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace SocketAnalyzers.Benchmarks.RealCode;

/// <summary>A document of the real corpus as the keystroke measure chooses it: its path, its length and its socket mentions.</summary>
internal sealed record DocumentCandidate(string Path, int Length, int SocketMentions);

/// <summary>One budget of issue 19 for one repository: whether it holds, and the figures that say so.</summary>
internal sealed record BudgetVerdict(string Repository, string Budget, bool Holds, string Figures);

/// <summary>
/// The pure rules of the real-code benchmark (no corpus needed, so the test suite checks them): which documents
/// the keystroke measure edits, the median, and the budgets' verdicts.
/// </summary>
internal static class RealCodeRules
{
    /// <summary>Our total analyzer time may be at most this share of the compiler's binding, per repository.</summary>
    public const double BindingShare = 0.05;

    /// <summary>Where CA2000 takes more than <see cref="Ca2000Floor"/>, ours may take at most this multiple of it.</summary>
    public const double Ca2000Multiple = 0.5;

    public static readonly TimeSpan Ca2000Floor = TimeSpan.FromMilliseconds(500);

    /// <summary>On socket-heavy documents, the document-scoped analysis may cost at most this multiple of the compiler's diagnostics of it.</summary>
    public const double SocketKeystrokeMultiple = 1.5;

    /// <summary>On ordinary documents, at most the do-nothing analyzer's cost plus this share.</summary>
    public const double OrdinaryKeystrokeOverFloor = 0.10;

    public static readonly TimeSpan DocumentOwnTimeLimit = TimeSpan.FromMilliseconds(250);

    /// <summary>A document with at least this many mentions of the socket types counts as socket-heavy.</summary>
    public const int SocketHeavyMentions = 3;

    /// <summary>Whole words only: "TouchSocket" or "WebSocket" in a namespace is not socket code.</summary>
    private static readonly Regex SocketType = new(@"\b(Socket|TcpClient|TcpListener|NetworkStream|SslStream)\b", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    public static int SocketMentions(string text) => SocketType.Matches(text).Count;

    /// <summary>
    /// Up to <paramref name="count"/> socket-heavy documents (most mentions first) and as many ordinary ones (no mention,
    /// largest first); ties by path, so the choice is the same on every run.
    /// </summary>
    public static (IReadOnlyList<DocumentCandidate> SocketHeavy, IReadOnlyList<DocumentCandidate> Ordinary) Choose(IEnumerable<DocumentCandidate> documents, int count)
    {
        var distinct = documents.GroupBy(d => d.Path, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var socketHeavy = distinct
            .Where(d => d.SocketMentions >= SocketHeavyMentions)
            .OrderByDescending(d => d.SocketMentions).ThenByDescending(d => d.Length).ThenBy(d => d.Path, StringComparer.Ordinal)
            .Take(count)
            .ToList();
        var ordinary = distinct
            .Where(d => d.SocketMentions == 0)
            .OrderByDescending(d => d.Length).ThenBy(d => d.Path, StringComparer.Ordinal)
            .Take(count)
            .ToList();
        return (socketHeavy, ordinary);
    }

    public static TimeSpan Median(IEnumerable<TimeSpan> values) => TimeSpan.FromTicks((long)Math.Round(Median(values.Select(v => (double)v.Ticks))));

    /// <summary>The middle value, or the mean of the two middle ones; NaN for none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static double Ratio(TimeSpan part, TimeSpan whole) => whole == TimeSpan.Zero ? double.NaN : part.TotalMilliseconds / whole.TotalMilliseconds;

    /// <summary>The build budgets of one repository: ours against the binding, and against CA2000 where CA2000 is slow.</summary>
    public static IEnumerable<BudgetVerdict> BuildVerdicts(string repository, TimeSpan binding, TimeSpan ours, TimeSpan ca2000)
    {
        double share = Ratio(ours, binding);
        yield return new BudgetVerdict(repository, $"build: ours <= {BindingShare:P0} of binding", share <= BindingShare, $"{share:P2} ({ours.TotalMilliseconds:N0} of {binding.TotalMilliseconds:N0} ms)");
        if (ca2000 > Ca2000Floor)
        {
            double multiple = Ratio(ours, ca2000);
            yield return new BudgetVerdict(repository, $"build: ours <= {Ca2000Multiple}x CA2000", multiple <= Ca2000Multiple, $"{multiple:F2}x (CA2000 {ca2000.TotalMilliseconds:N0} ms)");
        }
    }

    /// <summary>
    /// The keystroke budgets of one repository from its documents' medians: on socket-heavy ones, ours (wall, binding
    /// of the document included) against the compiler's diagnostics of it; on ordinary ones, against the do-nothing
    /// analyzer; and our own time on any document. No verdict for a kind of document the repository does not have.
    /// </summary>
    public static IEnumerable<BudgetVerdict> KeystrokeVerdicts(string repository, IReadOnlyList<KeystrokeFigures> documents)
    {
        var socket = documents.Where(d => d.SocketHeavy).ToList();
        if (socket.Count > 0)
        {
            double multiple = Median(socket.Select(d => Ratio(d.Ours, d.Compiler)));
            yield return new BudgetVerdict(repository, $"keystroke: socket docs <= {SocketKeystrokeMultiple}x compiler", multiple <= SocketKeystrokeMultiple, $"median {multiple:F2}x over {socket.Count} docs");
        }

        var ordinary = documents.Where(d => !d.SocketHeavy).ToList();
        if (ordinary.Count > 0)
        {
            double overFloor = Median(ordinary.Select(d => Ratio(d.Ours, d.Floor))) - 1;
            yield return new BudgetVerdict(repository, $"keystroke: ordinary docs <= floor + {OrdinaryKeystrokeOverFloor:P0}", overFloor <= OrdinaryKeystrokeOverFloor, $"median floor {overFloor:+0.0%;-0.0%} over {ordinary.Count} docs");
        }

        if (documents.Count > 0)
        {
            var slowest = documents.OrderByDescending(d => d.OursOwn).First();
            yield return new BudgetVerdict(repository, $"keystroke: own time <= {DocumentOwnTimeLimit.TotalMilliseconds:N0} ms per doc", slowest.OursOwn <= DocumentOwnTimeLimit, $"max {slowest.OursOwn.TotalMilliseconds:N1} ms ({slowest.Path})");
        }
    }
}

/// <summary>
/// One edited document's medians: the wall time of the document-scoped analysis with ours, with CA2000 and with the
/// do-nothing analyzer, our analyzers' own time in it, and the compiler's diagnostics of the document.
/// </summary>
internal sealed record KeystrokeFigures(string Path, bool SocketHeavy, int Lines, TimeSpan Compiler, TimeSpan Floor, TimeSpan Ours, TimeSpan OursOwn, TimeSpan Ca2000);

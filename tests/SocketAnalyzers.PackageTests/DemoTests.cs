using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SocketAnalyzers.PackageTests;

/// <summary>
/// <c>dotnet build samples/Demo</c> is the README's main command: for every implemented rule, its warnings
/// must land exactly on the demo lines whose comment names that rule (<c>// SOCKnnn: why</c>).
/// </summary>
[Collection(PackedRepositoryCollection.Name)]
public sealed class DemoTests
{
    private static readonly Regex WarningLine = new Regex(@"^\s*(?<file>[^\s(][^(]*)\((?<line>\d+),\d+\): warning (?<id>SOCK\d{3}):", RegexOptions.Multiline);
    private static readonly Regex TagComment = new Regex(@"//\s*(?<ids>SOCK\d{3}(?:\s*,\s*SOCK\d{3})*)\s*:");

    private readonly PackedRepository repository;

    public DemoTests(PackedRepository repository)
    {
        this.repository = repository;
    }

    [Fact]
    public void Demo_build_warns_exactly_on_the_tagged_lines_of_every_implemented_rule()
    {
        string demoFolder = Path.Combine(repository.CopyFolder, "samples", "Demo");
        // --no-incremental: the replay test may have built the demo already, and an up-to-date build prints no warnings.
        DotNetResult build = DotNetCli.Run(
            repository.CopyFolder, environment: null, "build", Path.Combine("samples", "Demo"), "-c", PackedRepository.Configuration, "--no-incremental");
        Assert.True(build.Succeeded, build.ToString());

        HashSet<string> implemented = ImplementedRuleIds();
        Assert.Contains(RuleIds.SocketErrorByTextOrNumber, implemented);
        HashSet<string> reported = build.Output.Split('\n')
            .Select(line => WarningLine.Match(line))
            .Where(match => match.Success)
            .Select(match => Site(demoFolder, match.Groups["file"].Value.Trim(), int.Parse(match.Groups["line"].Value), match.Groups["id"].Value))
            .ToHashSet();
        HashSet<string> tagged = TaggedSites(demoFolder);

        foreach (string id in implemented.OrderBy(id => id, StringComparer.Ordinal))
        {
            string[] expected = tagged.Where(site => site.EndsWith(" " + id, StringComparison.Ordinal)).OrderBy(site => site, StringComparer.Ordinal).ToArray();
            string[] actual = reported.Where(site => site.EndsWith(" " + id, StringComparison.Ordinal)).OrderBy(site => site, StringComparer.Ordinal).ToArray();
            Assert.True(expected.Length > 0, $"the demo has no line tagged // {id}: every implemented rule needs one");
            Assert.True(
                expected.SequenceEqual(actual),
                $"{id}: expected warnings at{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", expected)}{Environment.NewLine}" +
                $"but the build reported{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", actual)}{Environment.NewLine}{build}");
        }

        string[] unknown = reported.Where(site => !implemented.Any(id => site.EndsWith(" " + id, StringComparison.Ordinal))).ToArray();
        Assert.True(unknown.Length == 0, "warnings for rules no analyzer declares: " + string.Join(", ", unknown));
    }

    /// <summary>
    /// <c>dotnet run --project samples/Demo -- replay</c> makes each bug happen with real sockets on 127.0.0.1 and prints
    /// one line per bug, starting with the rule that names it. What the peer sees is asserted where it is measured
    /// (Linux, docs/socket-errors.md); elsewhere only that the bug happened.
    /// </summary>
    [Fact]
    public void Replay_makes_each_bug_happen_and_names_its_rule()
    {
        DotNetResult build = DotNetCli.Run(
            repository.CopyFolder, environment: null, "build", Path.Combine("samples", "Demo"), "-c", PackedRepository.Configuration);
        Assert.True(build.Succeeded, build.ToString());

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        DotNetResult replay = DotNetCli.Run(
            repository.CopyFolder, environment: null, "run", "--project", Path.Combine("samples", "Demo"), "-c", PackedRepository.Configuration, "--no-build", "--", "replay");
        stopwatch.Stop();

        Assert.True(replay.Succeeded, replay.ToString());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"the replay took {stopwatch.Elapsed}:{Environment.NewLine}{replay}");
        Dictionary<string, string> lines = replay.Output.Split('\n')
            .Select(line => Regex.Match(line.TrimEnd('\r'), @"^(?<id>SOCK\d{3})  (?<what>.+)$"))
            .Where(match => match.Success)
            .ToDictionary(match => match.Groups["id"].Value, match => match.Groups["what"].Value);
        var expected = new (string Id, string Everywhere, string? OnLinux)[]
        {
            // Row 2b: after a reset was read, the next write fails with EPIPE (Shutdown), through the stream as IOException.
            (RuleIds.WriteAfterConnectionError, "escaped the session", "IOException (inner SocketException Shutdown)"),
            // Row 1b: the peer closed first; the write after its reset fails with Shutdown, which a ConnectionReset filter misses.
            (RuleIds.ConflatedPeerGoneCodes, "lets escape", "IOException (inner SocketException Shutdown)"),
            // Row 6: the peer's FIN arrived, we never close: CLOSE_WAIT.
            (RuleIds.ConnectionNotClosed, "the server never closed its side", "(server socket state: CLOSE_WAIT)"),
            (RuleIds.ZeroByteReadNotEndOfStream, "Receive returned 0", null),
            // Row 3: Send after our own Shutdown(Send).
            (RuleIds.WriteAfterShutdown, "never got the line", "SocketException (Shutdown)"),
            // Row 5: Close with unread input and no Shutdown resets the peer.
            (RuleIds.CloseWithoutShutdown, "the server got", "SocketException (ConnectionReset)"),
            // Row 2a: an abortive close (linger 0) resets the peer.
            (RuleIds.AbortiveClose, "the kicked client got", "SocketException (ConnectionReset)"),
        };

        foreach ((string id, string everywhere, string? onLinux) in expected)
        {
            Assert.True(lines.TryGetValue(id, out string? what), $"no {id} line in the replay:{Environment.NewLine}{replay}");
            Assert.Contains(everywhere, what, StringComparison.Ordinal);
            if (onLinux is not null && OperatingSystem.IsLinux())
            {
                Assert.Contains(onLinux, what, StringComparison.Ordinal);
            }
        }

        // A spin is many 0-byte reads in the 200 ms window; a loop that stopped at end of stream would read 0 once.
        int spins = int.Parse(Regex.Match(lines[RuleIds.ZeroByteReadNotEndOfStream], @"returned 0 (\d+) times").Groups[1].Value);
        Assert.True(spins >= 100, lines[RuleIds.ZeroByteReadNotEndOfStream]);
        Assert.DoesNotContain(lines.Values, what => what.Contains("not shown", StringComparison.Ordinal));
    }

    private static HashSet<string> TaggedSites(string demoFolder)
    {
        var sites = new HashSet<string>();
        foreach (string file in Directory.EnumerateFiles(demoFolder, "*.cs", SearchOption.AllDirectories)
                     .Where(file => !file.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            string[] lines = File.ReadAllLines(file);
            for (int index = 0; index < lines.Length; index++)
            {
                Match tag = TagComment.Match(lines[index]);
                if (!tag.Success)
                {
                    continue;
                }

                foreach (string id in tag.Groups["ids"].Value.Split(',').Select(id => id.Trim()))
                {
                    sites.Add(Site(demoFolder, file, index + 1, id));
                }
            }
        }

        return sites;
    }

    private static string Site(string demoFolder, string file, int line, string id) =>
        $"{Path.GetRelativePath(demoFolder, Path.GetFullPath(file, demoFolder))}:{line} {id}";

    /// <summary>The IDs the analyzers in SocketAnalyzers.dll declare.</summary>
    private static HashSet<string> ImplementedRuleIds()
    {
        Assembly analyzers = typeof(RuleIds).Assembly;
        return analyzers.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .SelectMany(type => ((DiagnosticAnalyzer)Activator.CreateInstance(type)!).SupportedDiagnostics)
            .Select(descriptor => descriptor.Id)
            .ToHashSet();
    }
}

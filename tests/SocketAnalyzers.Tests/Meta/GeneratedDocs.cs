using System;
using System.IO;
using System.Linq;
using Xunit;

namespace SocketAnalyzers.Tests.Meta;

/// <summary>
/// The generator behind every file or block of text the repository derives from the code: the README rule
/// table, each rule page's header, the severity preset files and their table in docs/configuration.md.
/// A test computes the expected text; when the file differs, the test fails and shows what it expects, or,
/// with <see cref="UpdateVariable"/>=1, rewrites the file:
/// <c>SOCKETANALYZERS_UPDATE_DOCS=1 dotnet test tests/SocketAnalyzers.Tests --filter FullyQualifiedName~Meta</c>.
/// Blocks inside hand-written files are fenced by <c>&lt;!-- generated:NAME ... --&gt;</c> and
/// <c>&lt;!-- /generated:NAME --&gt;</c> lines, so regeneration replaces them and nothing else.
/// </summary>
internal static class GeneratedDocs
{
    public const string UpdateVariable = "SOCKETANALYZERS_UPDATE_DOCS";

    /// <summary>Whether the run regenerates: <see cref="UpdateVariable"/> or one of <paramref name="otherVariables"/> is 1.</summary>
    public static bool UpdateRequested(params string[] otherVariables) =>
        new[] { UpdateVariable }.Concat(otherVariables).Any(name => Environment.GetEnvironmentVariable(name) == "1");

    /// <summary>File text with \n line ends, whatever Git checked out.</summary>
    public static string Read(string path) => File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Passes when <paramref name="path"/> holds <paramref name="expected"/> (or is rewritten to it on request).</summary>
    public static void AssertFileIs(string path, string expected)
    {
        string? actual = File.Exists(path) ? Read(path) : null;
        if (actual == expected)
        {
            return;
        }

        if (UpdateRequested())
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
            return;
        }

        Assert.Fail(
            $"{Path.GetRelativePath(RepositoryRoot.Path, path)} is {(actual is null ? "missing" : "stale")}. " +
            $"Run the tests with {UpdateVariable}=1 to regenerate it." + Environment.NewLine +
            (actual is null ? "Expected:" + Environment.NewLine + expected : FirstDifference(expected, actual)));
    }

    public static string StartMarker(string block) => "<!-- generated:" + block;

    public static string EndMarker(string block) => "<!-- /generated:" + block + " -->";

    /// <summary>The lines of a fenced block, markers included, or null when the text has none.</summary>
    public static (int Start, int End)? FindBlock(string[] lines, string block)
    {
        int start = Array.FindIndex(lines, line => line.StartsWith(StartMarker(block) + " ", StringComparison.Ordinal));
        if (start < 0)
        {
            return null;
        }

        int end = Array.FindIndex(lines, start, line => line == EndMarker(block));
        Assert.True(end > start, $"a {StartMarker(block)} line has no {EndMarker(block)} line after it");
        return (start, end);
    }

    /// <summary>The text with its fenced block replaced by <paramref name="blockLines"/> (markers included).</summary>
    public static string ReplaceBlock(string text, string block, string[] blockLines)
    {
        string[] lines = text.Split('\n');
        (int Start, int End)? found = FindBlock(lines, block);
        Assert.True(found is not null, $"no {StartMarker(block)} ... {EndMarker(block)} block to regenerate");
        return string.Join("\n", lines.Take(found.Value.Start).Concat(blockLines).Concat(lines.Skip(found.Value.End + 1)));
    }

    private static string FirstDifference(string expected, string actual)
    {
        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        int line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        string Line(string[] lines) => line < lines.Length ? lines[line] : "(end of file)";
        return $"First difference at line {line + 1}:" + Environment.NewLine +
               "  expected: " + Line(expectedLines) + Environment.NewLine +
               "  found:    " + Line(actualLines);
    }
}

using System.Linq;
using System.Threading.Tasks;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.CloseWithoutShutdownAnalyzer,
    SocketAnalyzers.CodeFixes.CloseWithoutShutdownCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK008;

/// <summary>What the SOCK008 tests share: <see cref="Diagnostics"/> (reported), <see cref="Valid"/> (looks wrong, is right) and <see cref="CodeFix"/>.</summary>
public abstract class CloseWithoutShutdown
{
    protected const string Usings = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>The normal-end sequence for a socket named <paramref name="name"/>, as the fix leaves it, at <paramref name="indent"/>.</summary>
    protected static string NormalEnd(string name, string indent) =>
        string.Join("\n", new[]
        {
            "try",
            "{",
            $"    {name}.Shutdown(SocketShutdown.Both);",
            "}",
            "catch (SocketException)",
            "{",
            "    // The peer reset the connection already: nothing is left to shut down.",
            "}",
            "catch (ObjectDisposedException)",
            "{",
            "    // Closed already: through a wrapper that owned it, or by an earlier close.",
            "}",
            "finally",
            "{",
            $"    {name}.Close();",
            "}",
        }.Select(line => indent + line));

    protected static Task VerifyNoFix(string source) => new Verify.Test
    {
        TestCode = source,
        FixedCode = source,
        NumberOfIncrementalIterations = 0,
        NumberOfFixAllIterations = 0,
    }.RunAsync();
}

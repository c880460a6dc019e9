using Microsoft.CodeAnalysis.Testing;
using System.Threading.Tasks;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConnectionNotClosedAnalyzer,
    SocketAnalyzers.CodeFixes.ConnectionNotClosedCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK005;

/// <summary>What the SOCK005 tests share: <see cref="Diagnostics"/> (reported), <see cref="Valid"/> (looks wrong, is right) and <see cref="CodeFix"/>.</summary>
public abstract class ConnectionNotClosed
{
    protected const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>The diagnostics are reported (none when none are given) and no fix is offered.</summary>
    protected static Task VerifyNoFix(string source, params DiagnosticResult[] expected)
    {
        var test = new Verify.Test
        {
            TestCode = source,
            FixedCode = source,
            NumberOfIncrementalIterations = 0,
            NumberOfFixAllIterations = 0,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

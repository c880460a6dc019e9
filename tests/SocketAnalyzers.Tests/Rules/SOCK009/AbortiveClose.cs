using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.Rules;
using SocketAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.Rules.AbortiveCloseAnalyzer>;

namespace SocketAnalyzers.Tests.Rules.SOCK009;

/// <summary>
/// SOCK009 is off by default; the verifier turns on descriptors that are off by default, so these tests see it.
/// The configuration tests at the end build the code as a project does, where only .editorconfig turns it on.
/// </summary>
public abstract class AbortiveClose
{
    protected const string Usings = """
        using System;
        using System.Net.Sockets;

        """;

    protected static Task<ImmutableArray<Diagnostic>> AnalyzeAsProjectAsync(string? editorConfig) =>
        ProjectBuildAnalysis.AnalyzeAsync(new AbortiveCloseAnalyzer(), Usings + "class Server { void Reject(Socket s) { s.Close(0); } }", editorConfig);
}

using Verify = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.Rules.WriteAfterShutdownAnalyzer>;

namespace SocketAnalyzers.Tests.Rules.SOCK007;

/// <summary>What the SOCK007 tests share: <see cref="Diagnostics"/> (reported), <see cref="Valid"/> (looks wrong, is right) and <see cref="CodeFix"/>.</summary>
public abstract class WriteAfterShutdown
{
    protected const string Usings = """
        using System;
        using System.IO;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;
}

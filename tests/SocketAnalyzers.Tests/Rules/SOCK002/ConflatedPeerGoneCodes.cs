using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConflatedPeerGoneCodesAnalyzer,
    SocketAnalyzers.CodeFixes.ConflatedPeerGoneCodesCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK002;

/// <summary>What the SOCK002 tests share: <see cref="Diagnostics"/> (reported), <see cref="Valid"/> (looks wrong, is right) and <see cref="CodeFix"/>.</summary>
public abstract class ConflatedPeerGoneCodes
{
    protected const string Usings = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        """;

    /// <summary>A class whose method M(Socket s, NetworkStream ns, byte[] b) holds <paramref name="body"/>.</summary>
    protected static string InMethod(string body) => Usings + """
        class C
        {
            bool logging;

            void M(Socket s, NetworkStream ns, byte[] b)
            {
        """ + "\n" + Indent(body) + "\n" + """
            }
        }
        """;

    protected static string Indent(string body) => "        " + body.Replace("\n", "\n        ");

    protected static Task VerifyFix(string source, string fixedSource, string key, LanguageVersion languageVersion = LanguageVersion.Latest) =>
        new Verify.Test
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = key,
            LanguageVersion = languageVersion,
        }.RunAsync();
}

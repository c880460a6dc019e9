using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.SocketErrorByTextOrNumberAnalyzer,
    SocketAnalyzers.CodeFixes.SocketErrorByTextOrNumberCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK003;

/// <summary>What the SOCK003 tests share: <see cref="Diagnostics"/> (reported), <see cref="Valid"/> (looks wrong, is right) and <see cref="CodeFix"/>.</summary>
public abstract class SocketErrorByTextOrNumber
{
    protected const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.ComponentModel;
        using System.Diagnostics;
        using System.IO;
        using System.Linq;
        using System.Net.Sockets;
        using System.Text.RegularExpressions;
        using System.Threading.Tasks;

        """;

    /// <summary>A class whose method M(Socket s, NetworkStream ns, byte[] b) holds <paramref name="body"/>.</summary>
    protected static string InMethod(string body) => Usings + """
        class C
        {
            static readonly HashSet<int> ResetCodes = new HashSet<int> { 104, 54, 10054 };
            static readonly int[] PipeCodes = { 32, 10058 };

            void M(Socket s, NetworkStream ns, byte[] b)
            {
        """ + "\n" + Indent(body) + "\n" + """
            }
        }
        """;

    protected static string Indent(string body) => "        " + body.Replace("\n", "\n        ");

    protected static Task VerifyCodeFixWithoutTreeCheck(string source, string fixedSource) => new Verify.Test
    {
        TestCode = source,
        FixedCode = fixedSource,
        CodeActionValidationMode = CodeActionValidationMode.None,
    }.RunAsync();
}

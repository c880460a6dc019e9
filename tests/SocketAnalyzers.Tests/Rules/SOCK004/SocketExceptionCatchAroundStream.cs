using System.Net.Sockets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketAnalyzers.TestSupport;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.SocketExceptionCatchAroundStreamAnalyzer,
    SocketAnalyzers.CodeFixes.SocketExceptionCatchAroundStreamCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK004;

/// <summary>What the SOCK004 tests share: <see cref="Diagnostics"/> (reported), <see cref="Valid"/> (looks wrong, is right) and <see cref="CodeFix"/>.</summary>
public abstract class SocketExceptionCatchAroundStream
{
    protected const string Usings = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Net.WebSockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>The second argument of the message when the try block reaches the connection only through streams.</summary>
    protected const string NeverRuns = "This catch never runs";

    /// <summary>The second argument of the message when the try block also calls <paramref name="socketCall"/>.</summary>
    protected static string RunsOnlyFor(string socketCall) => $"This catch runs for '{socketCall}' but not for a reset during the stream I/O";

    /// <summary>A connection type of another assembly: the analyzer cannot see what its methods throw.</summary>
    protected static MetadataReference VendorLibrary()
    {
        var library = CSharpCompilation.Create(
            "Vendor",
            new[] { CSharpSyntaxTree.ParseText("namespace Vendor { public class Channel { public void Push(byte[] b) { } } }") },
            TestReferences.Net100,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return library.ToMetadataReference();
    }

    protected const string ReplyProgram = """
        using System;
        using System.IO;
        using System.Net.Sockets;

        public static class Program
        {
            public static string Reply(NetworkStream stream)
            {
                var reply = new byte[] { 1, 2, 3 };
                try
                {
                    stream.Write(reply, 0, reply.Length);
                    stream.Write(reply, 0, reply.Length);
                    return "sent";
                }
                catch ({|#0:SocketException|} e)
                {
                    return "handled " + e.SocketErrorCode;
                }
            }
        }
        """;

    protected const string FixedReplyProgram = """
        using System;
        using System.IO;
        using System.Net.Sockets;

        public static class Program
        {
            public static string Reply(NetworkStream stream)
            {
                var reply = new byte[] { 1, 2, 3 };
                try
                {
                    stream.Write(reply, 0, reply.Length);
                    stream.Write(reply, 0, reply.Length);
                    return "sent";
                }
                catch (IOException ex) when (ex.InnerException is SocketException e)
                {
                    return "handled " + e.SocketErrorCode;
                }
            }
        }
        """;
}

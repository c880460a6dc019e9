using System.Threading.Tasks;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.SocketErrorByTextOrNumberAnalyzer,
    SocketAnalyzers.CodeFixes.SocketErrorByTextOrNumberCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK003;

/// <summary>Code that looks like SOCK003 and is right: no diagnostic.</summary>
public sealed class Valid : SocketErrorByTextOrNumber
{
    [Fact]
    public Task MessagesUsedForLoggingAreNotReported() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { ns.Write(b, 0, b.Length); }
            catch (IOException e)
            {
                Console.WriteLine(e.Message);
                Console.WriteLine($"failed: {e.Message} ({e.HResult})");
                var text = "write failed: " + e.ToString();
                Trace.TraceError(text);
            }
            """));

    [Theory]
    [InlineData("e.SocketErrorCode == SocketError.ConnectionReset")]
    [InlineData("e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown")]
    [InlineData("(int)e.SocketErrorCode == 10054")]
    [InlineData("e.ErrorCode == 42")]
    [InlineData("e.ErrorCode == 200")]
    [InlineData("e.ErrorCode > 10000")]
    [InlineData("""e.Message.Contains("checksum")""")]
    [InlineData("""e.Message == null""")]
    [InlineData("(SocketError)e.ErrorCode == SocketError.Success")]
    [InlineData("new[] { 1, 2 }.Contains(e.ErrorCode)")]
    public Task PortableOrUnrelatedComparisonsAreNotReported(string comparison) =>
        Verify.VerifyAnalyzerAsync(InMethod($$"""
            try { s.Send(b); }
            catch (SocketException e) when ({{comparison}}) { }
            """));

    [Fact]
    public Task HRESULTsOfWin32FileErrorsAreNotSocketNumbers() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Files
            {
                // 0x80070020 is ERROR_SHARING_VIOLATION, not EPIPE (32).
                public static bool IsLocked(IOException e) => e.HResult == -2147024864 || e.HResult == unchecked((int)0x80070021);
            }
            """);

    [Fact]
    public Task ExceptionsThatCannotBeSocketErrorsAreNotReported() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (ArgumentException e) when (e.Message.Contains("reset")) { }
            catch (FileNotFoundException e) when (e.HResult == 32) { }
            catch (ObjectDisposedException e) when (e.Message.Contains("forcibly closed")) { }
            """));

    [Fact]
    public Task APipeOnlyIOExceptionIsNotReported() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Child
            {
                void Feed(Process process, string path)
                {
                    try { process.StandardInput.WriteLine("data"); process.StandardInput.Flush(); }
                    catch (IOException e) when (e.Message.Contains("Broken pipe")) { }

                    try
                    {
                        using var file = new StreamWriter(path);
                        file.Write("x");
                        Stream stdout = Console.OpenStandardOutput();
                        stdout.WriteByte(1);
                    }
                    catch (IOException e) when (e.HResult == 32 || e.Message.Contains("Broken pipe")) { }

                    try { File.WriteAllText(path, "x"); }
                    catch (Exception e) when (e.Message.Contains("reset")) { }
                }
            }
            """);

    [Fact]
    public Task NumbersNotReadFromAnExceptionAreNotReported() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                static bool IsReset(int code) => code == 104;

                void M(Socket s, byte[] b)
                {
                    int code = 0;
                    try { s.Send(b); }
                    catch (SocketException e) { code = e.ErrorCode; }
                    if (code == 104) { }
                }
            }
            """);
}

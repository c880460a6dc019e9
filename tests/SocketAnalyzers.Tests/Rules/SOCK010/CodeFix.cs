using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.AcceptSocketAfterFailedAcceptAnalyzer,
    SocketAnalyzers.CodeFixes.AcceptSocketAfterFailedAcceptCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK010;

/// <summary>The SOCK010 code fix, one diagnostic at a time and FixAll.</summary>
public sealed class CodeFix : AcceptSocketAfterFailedAccept
{
    [Fact]
    public Task Fix_CallStatementsBecomeConditionalCalls() => Verify.VerifyCodeFixAsync(Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    [|e.AcceptSocket|].Shutdown(SocketShutdown.Both);
                    [|e.AcceptSocket|].Close(); // drop it
                    StartAccept(e);
                    return;
                }

                e.AcceptSocket.NoDelay = true;
            }
        """), Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    e.AcceptSocket?.Shutdown(SocketShutdown.Both);
                    e.AcceptSocket?.Close(); // drop it
                    StartAccept(e);
                    return;
                }

                e.AcceptSocket.NoDelay = true;
            }
        """));

    [Fact]
    public Task Fix_OtherStatementsAreWrappedInANullTest() => Verify.VerifyCodeFixAsync(Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                Socket accepted = e.AcceptSocket;
                if (e.SocketError != SocketError.Success)
                {
                    Console.WriteLine([|accepted|].RemoteEndPoint + " " + [|accepted|].LocalEndPoint);
                }

                [|e.AcceptSocket|].NoDelay = true;
            }
        """), Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                Socket accepted = e.AcceptSocket;
                if (e.SocketError != SocketError.Success)
                {
                    if (accepted != null)
                    {
                        Console.WriteLine(accepted.RemoteEndPoint + " " + accepted.LocalEndPoint);
                    }
                }

                if (e.AcceptSocket != null)
                {
                    e.AcceptSocket.NoDelay = true;
                }
            }
        """));

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public Task FixAll_CompilesInEveryLanguageVersion(LanguageVersion version) => new Verify.Test
    {
        LanguageVersion = version,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
        TestCode = Usings + """
            class Server
            {
                void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
                {
                    if (e.SocketError == SocketError.Success)
                    {
                        return;
                    }

                    [|e.AcceptSocket|].Close();
                    if ([|e.AcceptSocket|].Connected)
                    {
                        [|e.AcceptSocket|].Shutdown(SocketShutdown.Both);
                    }
                }

                void OnOtherAcceptCompleted(object sender, SocketAsyncEventArgs e)
                {
                    if (e.SocketError != SocketError.Success)
                    {
                        [|e.AcceptSocket|].Dispose();
                    }
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
                {
                    if (e.SocketError == SocketError.Success)
                    {
                        return;
                    }

                    e.AcceptSocket?.Close();
                    if (e.AcceptSocket != null)
                    {
                        if (e.AcceptSocket.Connected)
                        {
                            e.AcceptSocket.Shutdown(SocketShutdown.Both);
                        }
                    }
                }

                void OnOtherAcceptCompleted(object sender, SocketAsyncEventArgs e)
                {
                    if (e.SocketError != SocketError.Success)
                    {
                        e.AcceptSocket?.Dispose();
                    }
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task NoFix_DeclarationStatement() => new Verify.Test
    {
        TestCode = Listener("""
                void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
                {
                    if (e.SocketError != SocketError.Success)
                    {
                        var endPoint = [|e.AcceptSocket|].RemoteEndPoint;
                        Console.WriteLine(endPoint);
                    }
                }
            """),
        FixedCode = Listener("""
                void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
                {
                    if (e.SocketError != SocketError.Success)
                    {
                        var endPoint = [|e.AcceptSocket|].RemoteEndPoint;
                        Console.WriteLine(endPoint);
                    }
                }
            """),
    }.RunAsync();

    [Fact]
    public Task Fix_NullForgivingOperatorGoesWithTheCall() => Verify.VerifyCodeFixAsync("#nullable enable\n" + Listener("""
            void OnAcceptCompleted(object? sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    [|e.AcceptSocket|]!.Close();
                    return;
                }
            }
        """), "#nullable enable\n" + Listener("""
            void OnAcceptCompleted(object? sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    e.AcceptSocket?.Close();
                    return;
                }
            }
        """));
}

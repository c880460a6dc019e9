using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketAnalyzers.CodeFixes.CloseSequences;

/// <summary>
/// The one place that writes close sequences as syntax. Every code fix that closes a connection inserts these
/// statements; tests/SocketBehavior.Tests compiles and runs exactly these statements on loopback
/// (see docs/socket-errors.md for the measured behavior behind each line).
/// </summary>
/// <remarks>
/// The statements use only try/catch/finally, calls and <c>?.</c> (C# 6), and APIs present in .NET Framework 4.x,
/// netstandard2.0 and .NET 5+ (<c>Close()</c> rather than <c>TcpClient.Dispose()</c>, which was not public before
/// .NET Framework 4.6), so they compile wherever the analyzers run, on C# 7.3 too. Type names are written
/// <c>global::</c>-qualified and carry <see cref="Simplifier.Annotation"/>; a code action's post-processing
/// reduces them to <c>SocketException</c> etc. where a <c>using</c> allows. The connection expression is
/// evaluated more than once, so pass a local, parameter or field, not a call with side effects.
/// </remarks>
internal static class CloseSequence
{
    /// <summary>
    /// Release the connection after a connection error (reset, broken pipe) without throwing a second exception.
    /// Nothing is flushed on purpose: the peer is gone, so buffered data cannot be delivered.
    /// </summary>
    /// <returns>
    /// Socket, TcpClient, Reader: <c>connection.Close();</c>.
    /// StreamOrWriter: <c>Close()</c> inside a try that ignores <c>IOException</c> and <c>ObjectDisposedException</c>,
    /// because disposing a writer flushes what it buffered and that write fails on a dead connection
    /// (the writer closes its stream anyway, in a finally).
    /// </returns>
    public static ImmutableArray<StatementSyntax> AfterError(ExpressionSyntax connection, ConnectionShape shape)
    {
        var target = Operand(connection);
        StatementSyntax statement = shape switch
        {
            ConnectionShape.Socket or ConnectionShape.TcpClient or ConnectionShape.Reader => Call(target, "Close"),
            ConnectionShape.StreamOrWriter => TryStatement(
                Block(Call(target, "Close")),
                List(new[]
                {
                    EmptyCatch("IO", "IOException", "Disposing flushes buffered data to a peer that is gone; the stream is closed anyway."),
                    EmptyCatch(null, "ObjectDisposedException", "The stream under it was closed already."),
                }),
                @finally: null),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
        };

        return ImmutableArray.Create(Annotate(statement));
    }

    /// <summary>
    /// End a connection normally: everything written reaches the peer, followed by a clean end of stream
    /// (its read returns 0), never a reset — even when bytes the peer sent are still unread here.
    /// Running it on a connection that is already closed (by <see cref="AfterError"/> or by itself) throws nothing.
    /// </summary>
    /// <returns>
    /// Socket: <c>try { connection.Shutdown(SocketShutdown.Both); } catch (SocketException) { } catch (ObjectDisposedException) { } finally { connection.Close(); }</c>
    /// (the shutdown sends FIN first, so the RST that Linux sends when closing with unread bytes comes after the
    /// peer's end of stream; it fails only when the peer is gone, which must not raise a second exception).
    /// TcpClient: the same through <c>connection.Client?.Shutdown(...)</c> (Client is null once the client is closed).
    /// StreamOrWriter: <c>try { connection.Flush(); } catch (ObjectDisposedException) { } finally { connection.Close(); }</c>.
    /// A flush that fails because the peer is gone throws its IOException once (the data did not arrive); the close
    /// after it does not throw again. Disposing an owning NetworkStream shuts both directions down before it closes
    /// the socket; when the wrapper does not own the connection, append the owner's sequence too (they compose).
    /// Reader: <c>connection.Close();</c>.
    /// </returns>
    public static ImmutableArray<StatementSyntax> NormalEnd(ExpressionSyntax connection, ConnectionShape shape)
    {
        var target = Operand(connection);
        StatementSyntax statement = shape switch
        {
            ConnectionShape.Socket => ShutdownThenClose(target, socketMayBeNull: false, target),
            // TcpClient.Client is null once the client is closed: '?.' lets a second close sequence pass.
            ConnectionShape.TcpClient => ShutdownThenClose(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, IdentifierName("Client")),
                socketMayBeNull: true,
                target),
            ConnectionShape.StreamOrWriter => TryStatement(
                Block(Call(target, "Flush")),
                SingletonList(EmptyCatch(null, "ObjectDisposedException", "Closed already by an earlier close: nothing is left to flush.")),
                FinallyClause(Block(Call(target, "Close")))),
            ConnectionShape.Reader => Call(target, "Close"),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
        };

        return ImmutableArray.Create(Annotate(statement));
    }

    /// <summary><c>socket.Shutdown(Both)</c> (or <c>socket?.Shutdown(Both)</c>) guarded, then <c>owner.Close()</c>.</summary>
    private static TryStatementSyntax ShutdownThenClose(ExpressionSyntax socket, bool socketMayBeNull, ExpressionSyntax owner)
    {
        var both = ArgumentList(SingletonSeparatedList(Argument(
            MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                GlobalType("Net.Sockets", "SocketShutdown"),
                IdentifierName("Both")))));
        ExpressionSyntax shutdown = socketMayBeNull
            ? ConditionalAccessExpression(socket, InvocationExpression(MemberBindingExpression(IdentifierName("Shutdown")), both))
            : InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, socket, IdentifierName("Shutdown")),
                both);
        return TryStatement(
            Block(ExpressionStatement(shutdown)),
            List(new[]
            {
                EmptyCatch("Net.Sockets", "SocketException", "The peer reset the connection already: nothing is left to shut down."),
                EmptyCatch(null, "ObjectDisposedException", "Closed already: through a wrapper that owned it, or by an earlier close."),
            }),
            FinallyClause(Block(Call(owner, "Close"))));
    }

    private static CatchClauseSyntax EmptyCatch(string? systemNamespace, string typeName, string why) =>
        CatchClause(
            CatchDeclaration(GlobalType(systemNamespace, typeName)),
            filter: null,
            Block().WithCloseBraceToken(Token(
                TriviaList(Comment("// " + why), ElasticCarriageReturnLineFeed),
                SyntaxKind.CloseBraceToken,
                TriviaList())));

    private static ExpressionStatementSyntax Call(ExpressionSyntax target, string method) =>
        ExpressionStatement(InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, target, IdentifierName(method))));

    /// <summary><c>global::System[.ns].typeName</c>, reduced by the simplifier where a using allows.</summary>
    private static NameSyntax GlobalType(string? systemNamespace, string typeName)
    {
        NameSyntax name = AliasQualifiedName(IdentifierName(Token(SyntaxKind.GlobalKeyword)), IdentifierName("System"));
        if (systemNamespace is not null)
        {
            foreach (var part in systemNamespace.Split('.'))
            {
                name = QualifiedName(name, IdentifierName(part));
            }
        }

        return QualifiedName(name, IdentifierName(typeName)).WithAdditionalAnnotations(Simplifier.Annotation);
    }

    /// <summary>The connection as the receiver of a call: parenthesized unless it already binds tighter than '.'.</summary>
    private static ExpressionSyntax Operand(ExpressionSyntax connection)
    {
        var expression = connection.WithoutTrivia();
        return expression switch
        {
            IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or
            InvocationExpressionSyntax or ThisExpressionSyntax or BaseExpressionSyntax or ParenthesizedExpressionSyntax or
            AliasQualifiedNameSyntax => expression,
            PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.SuppressNullableWarningExpression) => expression,
            _ => ParenthesizedExpression(expression).WithAdditionalAnnotations(Simplifier.Annotation),
        };
    }

    private static StatementSyntax Annotate(StatementSyntax statement) =>
        statement.WithAdditionalAnnotations(Formatter.Annotation);
}

using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketAnalyzers.Model;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketAnalyzers.CodeFixes.CloseSequences;

/// <summary>
/// Whether the function around a fix still owns the connection there, so the fix may close it. A fix that closes a
/// connection the method only received, or one it has handed to a task, a registry or a session, breaks the program;
/// so ownership is proven, never assumed: the connection's owner is a local of this function that it created or
/// accepted, not under a <c>using</c> (which closes it already), and no alias of it leaves the function — each use of
/// a name of the connection is a call on it, a property read, or the wrapping of it into another of its names.
/// </summary>
internal static class MethodOwnership
{
    /// <summary>The owner (Socket or TcpClient) to dispose at <paramref name="at"/>, or null when the fix must not close.</summary>
    public static ILocalSymbol? OwnerToClose(ConnectionMembers members, StatementSyntax at, SemanticModel semanticModel, ConnectionModel model, CancellationToken cancellationToken)
    {
        var function = EnclosingFunction(at);
        if (function is null || !members.IsComplete)
        {
            // A member declared outside source is reachable from there.
            return null;
        }

        ILocalSymbol? owner = null;
        var locals = new List<ILocalSymbol>();
        foreach (var member in members.Known)
        {
            // A local may be declared in another block of the function (a stream in the try, the write in the catch).
            if (member is not ILocalSymbol local ||
                local.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference ||
                reference.SyntaxTree != function.SyntaxTree || !function.Span.Contains(reference.Span) ||
                reference.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax)
            {
                // A parameter, field or property holds the connection too, or a local from outside the function: someone else can reach it.
                return null;
            }

            locals.Add(local);
            if (owner is null && ConnectionShapes.Of(local.Type, model) is ConnectionShape.Socket or ConnectionShape.TcpClient)
            {
                owner = local;
            }
        }

        if (owner is null ||
            owner.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator ||
            EnclosingFunction(declarator) != function ||
            declarator.Parent?.Parent is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } ||
            declarator.Parent?.Parent is UsingStatementSyntax ||
            !IsCreatedOrAccepted(value, semanticModel, model, cancellationToken))
        {
            return null;
        }

        foreach (var local in locals)
        {
            if (!StaysInside(local, function, locals, semanticModel, model, cancellationToken))
            {
                return null;
            }
        }

        return owner;
    }

    /// <summary>
    /// Whether a local connection and the locals made from it (<c>var stream = client.GetStream()</c>,
    /// <c>var reader = new StreamReader(stream)</c>)
    /// stay inside the function: closing it at the end of its scope then closes nothing that lives on (a task, a
    /// registry, a pending asynchronous operation that was handed the object).
    /// </summary>
    public static bool StaysInFunction(ILocalSymbol local, SemanticModel semanticModel, ConnectionModel model, CancellationToken cancellationToken)
    {
        if (local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not { } declaration ||
            EnclosingFunction(declaration) is not { } function)
        {
            return false;
        }

        var names = new List<ILocalSymbol> { local };
        var declarators = function.DescendantNodes().OfType<VariableDeclaratorSyntax>().ToList();
        for (var added = true; added;)
        {
            added = false;
            foreach (var declarator in declarators)
            {
                // A stream, socket, reader or writer made from it (client.GetStream(), new StreamReader(stream)).
                if (declarator.Initializer?.Value is { } value &&
                    semanticModel.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol wrapper &&
                    !names.Contains(wrapper, SymbolEqualityComparer.Default) &&
                    ConnectionShapes.Of(wrapper.Type, model) is not null &&
                    MentionsOneOf(value, names, semanticModel, cancellationToken))
                {
                    names.Add(wrapper);
                    added = true;
                }
            }
        }

        return names.All(name => StaysInside(name, function, names, semanticModel, model, cancellationToken));
    }

    private static bool MentionsOneOf(ExpressionSyntax expression, List<ILocalSymbol> names, SemanticModel semanticModel, CancellationToken cancellationToken) =>
        expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(identifier =>
            names.Any(name => name.Name == identifier.Identifier.ValueText) &&
            semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol mentioned &&
            names.Contains(mentioned, SymbolEqualityComparer.Default));

    /// <summary><c>owner.Dispose();</c>: it closes at once and does not throw after an error (a writer's Dispose would flush).</summary>
    public static StatementSyntax Dispose(ILocalSymbol owner) =>
        ExpressionStatement(InvocationExpression(MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression, IdentifierName(owner.Name), IdentifierName("Dispose"))));

    /// <summary>
    /// Whether any statement of the function after <paramref name="end"/> names the local (by its name: a token
    /// that only looks like it counts too, which keeps the connection open).
    /// </summary>
    public static bool IsUsedAfter(ILocalSymbol local, SyntaxNode end) =>
        EnclosingFunction(end) is { } function &&
        function.DescendantTokens().Any(token => token.SpanStart >= end.Span.End && token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == local.Name);

    private static SyntaxNode? EnclosingFunction(SyntaxNode node) =>
        node.FirstAncestorOrSelf<SyntaxNode>(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax);

    /// <summary><c>new Socket(..)</c>, <c>new TcpClient(..)</c>, or an accept (awaited or not).</summary>
    private static bool IsCreatedOrAccepted(ExpressionSyntax value, SemanticModel semanticModel, ConnectionModel model, CancellationToken cancellationToken)
    {
        while (true)
        {
            switch (value)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    value = parenthesized.Expression;
                    continue;
                case AwaitExpressionSyntax awaited:
                    value = awaited.Expression;
                    continue;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Expression: var awaitable } }:
                    value = awaitable;
                    continue;
            }

            break;
        }

        switch (value)
        {
            case BaseObjectCreationExpressionSyntax creation:
                return ConnectionShapes.Of(semanticModel.GetTypeInfo(creation, cancellationToken).Type, model) is ConnectionShape.Socket or ConnectionShape.TcpClient;
            case InvocationExpressionSyntax invocation when semanticModel.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method:
                return method.Name is "Accept" or "AcceptAsync" or "EndAccept" or "AcceptSocket" or "AcceptSocketAsync" or "EndAcceptSocket" or
                           "AcceptTcpClient" or "AcceptTcpClientAsync" or "EndAcceptTcpClient" &&
                       (ConnectionModel.InheritsFrom(method.ContainingType, model.Socket) || method.ContainingType?.Name == "TcpListener");
            default:
                return false;
        }
    }

    /// <summary>
    /// Every use of the local in the function keeps the connection inside it: a call on it or a member read
    /// (<c>s.Send(..)</c>, <c>client.GetStream()</c> kept in one of its names), or the wrapping of it into another of
    /// its names (<c>var reader = new StreamReader(stream)</c>). Anything else — passed to a method, stored, captured
    /// by a lambda, returned, assigned again — may hand it off.
    /// </summary>
    private static bool StaysInside(ILocalSymbol local, SyntaxNode function, List<ILocalSymbol> names, SemanticModel semanticModel, ConnectionModel model, CancellationToken cancellationToken)
    {
        foreach (var identifier in function.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText != local.Name ||
                !SymbolEqualityComparer.Default.Equals(semanticModel.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
            {
                continue;
            }

            if (EnclosingFunction(identifier) != function)
            {
                return false;
            }

            switch (identifier.Parent)
            {
                case MemberAccessExpressionSyntax access when access.Expression == identifier:
                    if (!ResultStaysInside(access, names, semanticModel, model, cancellationToken))
                    {
                        return false;
                    }

                    break;
                case ConditionalAccessExpressionSyntax conditional when conditional.Expression == identifier:
                    break;
                case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax creation } } when DeclaresOneOf(creation, names):
                    break;
                case VariableDeclaratorSyntax:
                    // Its own declaration.
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary><c>client.GetStream()</c> as a statement, a receiver, a member read, or the value of another of the names.</summary>
    private static bool ResultStaysInside(MemberAccessExpressionSyntax access, List<ILocalSymbol> names, SemanticModel semanticModel, ConnectionModel model, CancellationToken cancellationToken)
    {
        SyntaxNode result = access.Parent is InvocationExpressionSyntax call && call.Expression == access ? call : access;
        while (result.Parent is AwaitExpressionSyntax or ParenthesizedExpressionSyntax ||
               result.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } && result.Parent.Parent is InvocationExpressionSyntax)
        {
            result = result.Parent is MemberAccessExpressionSyntax ? result.Parent.Parent! : result.Parent;
        }

        switch (result.Parent)
        {
            case null:
                return false;
            case ArgumentSyntax:
                // client.GetStream() handed to a method or constructor: only into another of the names.
                return result.Parent.Parent?.Parent is BaseObjectCreationExpressionSyntax creation && DeclaresOneOf(creation, names);
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }:
                // A count or a line read is data; a stream or socket kept in another variable is an alias.
                return semanticModel.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol declared &&
                       (names.Contains(declared, SymbolEqualityComparer.Default) || ConnectionShapes.Of(declared.Type, model) is null);
            case AssignmentExpressionSyntax assignment when assignment.Right == result:
                // Data read from it (a count, a handle to look at) may go anywhere; a stream or socket may not.
                return semanticModel.GetTypeInfo(assignment.Left, cancellationToken).Type is { TypeKind: not TypeKind.Error } target &&
                       ConnectionShapes.Of(target, model) is null;
            case ReturnStatementSyntax or ArrowExpressionClauseSyntax or YieldStatementSyntax:
                return false;
            case AnonymousObjectMemberDeclaratorSyntax or InitializerExpressionSyntax:
                return false;
            default:
                return true;
        }
    }

    /// <summary><c>var reader = new StreamReader(stream)</c> where <c>reader</c> is one of the connection's names.</summary>
    private static bool DeclaresOneOf(BaseObjectCreationExpressionSyntax creation, List<ILocalSymbol> names)
    {
        SyntaxNode node = creation;
        while (node.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            node = node.Parent;
        }

        return node.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } &&
               names.Any(name => name.Name == declarator.Identifier.ValueText &&
                                 name.DeclaringSyntaxReferences.Any(reference => reference.Span == declarator.Span));
    }
}

using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>Session types: types of the project that hold a connection in an instance member, and which members do.</summary>
public sealed partial class ConnectionSemantics
{
    private bool ComputeIsSessionType(INamedTypeSymbol type, int depth)
    {
        if (type.TypeKind == TypeKind.Interface)
        {
            var any = false;
            foreach (var candidate in SourceTypes())
            {
                if (candidate.TypeKind != TypeKind.Interface && candidate.AllInterfaces.Contains(type, SymbolEqualityComparer.Default))
                {
                    if (!ComputeIsSessionType(candidate, depth))
                    {
                        return false;
                    }

                    any = true;
                }
            }

            return any;
        }

        for (var current = type; current is not null && IsInSource(current); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (!member.IsStatic && member is IFieldSymbol { IsImplicitlyDeclared: false } or IPropertySymbol &&
                    ComputeIsConnectionMember(member, depth + 1))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private bool ComputeIsConnectionMember(ISymbol member, int depth)
    {
        var type = member switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        if (type is null || Model.IsNeverConnection(type))
        {
            return false;
        }

        if (Model.IsConnectionType(type) || Declared.IsConnectionType(type))
        {
            return true;
        }

        if (depth < 2 && type is INamedTypeSymbol named && IsInSource(named) && !SymbolEqualityComparer.Default.Equals(named, member.ContainingType) &&
            ComputeIsSessionType(named, depth + 1))
        {
            return true;
        }

        // A Stream/reader/writer member is a connection when the type's constructors or initializers assign it one.
        return Model.IsWrapperType(type) && ValueOrigins.IsAssignedConnectionInType(member, this);
    }
}

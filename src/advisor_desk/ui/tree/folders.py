"""A client's folders (members, content, documents), read when the folder is opened."""

from __future__ import annotations

from collections.abc import Callable

from advisor_desk.services.clients import tree as queries
from advisor_desk.services.ops import run_query
from advisor_desk.store.engine import Store
from advisor_desk.ui.tree import nodes
from advisor_desk.ui.tree.nodes import Kind, Node


def load_folder(store: Store, node: Node, locale: str) -> list[Node]:
    """The rows of this client folder (its filter text applied); none for anything else."""
    client = node.parent
    if client is None or client.kind is not Kind.CLIENT or not client.row_id:
        return []
    loaders: dict[Kind, Callable[[], list[Node]]] = {
        Kind.MEMBERS: lambda: [
            nodes.member_node(node, r)
            for r in run_query(store, queries.client_members, client.row_id, node.filter_text)
        ],
        Kind.CONTENT: lambda: [
            nodes.content_node(node, r)
            for r in run_query(store, queries.client_content, client.row_id, node.filter_text)
        ],
        Kind.DOCUMENTS: lambda: [
            nodes.document_node(node, r, locale)
            for r in run_query(store, queries.client_documents, client.row_id, node.filter_text)
        ],
    }
    loader = loaders.get(node.kind)
    return loader() if loader is not None else []

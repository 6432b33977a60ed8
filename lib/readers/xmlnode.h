/*
 * xmlnode — the two questions the .docx and .odt readers ask of a libxml2
 * node, by local name (namespace prefixes are not compared: both formats
 * use one namespace per name).  Internal to lib/readers.
 */
#ifndef YK_READERS_XMLNODE_H
#define YK_READERS_XMLNODE_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <string.h>

/* Is N an element called NAME? */
static inline bool
xmlnode_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

/* The value of N's attribute NAME, or NULL. */
static inline const char *
xmlnode_attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (!strcmp((const char *)a->name, name) && a->children && a->children->content)
			return (const char *)a->children->content;
	return NULL;
}

#endif

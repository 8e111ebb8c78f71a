"""The shared web layer: forms every feature uses, the loader, ``act()``, registries.

Features' views import from here (as Indico's features import ``indico.web``); this
package imports no feature.
"""
